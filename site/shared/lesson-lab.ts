/**
 * Whether a lesson's MDX places the lab pane itself (`<Lab id="…" />`); if it
 * does not, a lesson with `lab:` in its frontmatter gets the pane at its end.
 */
export function placesLabItself(mdxBody: string | undefined): boolean {
  return /<Lab[\s/>]/.test(mdxBody ?? '');
}
