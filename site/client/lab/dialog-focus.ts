export const focusable = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Can Tab reach `el`: shown, not taken out of the tab order (tabindex -1, like the editor's hidden
 * IME textarea) and not hidden from assistive technology.
 */
export const isTabbable = (el: HTMLElement): boolean => el.getClientRects().length > 0 && el.tabIndex >= 0 && !el.closest('[aria-hidden="true"], [inert]');

/**
 * Keep Tab and Shift+Tab inside an open modal dialog: from its last control to
 * its first and back, never out to the page or the browser's own controls.
 */
export function trapFocus(dialog: HTMLDialogElement): void {
  dialog.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Tab' || !dialog.open) return;
    const items = [...dialog.querySelectorAll<HTMLElement>(focusable)].filter(isTabbable);
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items.at(-1)!;
    const active = document.activeElement as HTMLElement | null;
    const inside = active && dialog.contains(active);
    if (ev.shiftKey && (!inside || active === first)) {
      ev.preventDefault();
      last.focus();
    } else if (!ev.shiftKey && (!inside || active === last)) {
      ev.preventDefault();
      first.focus();
    }
  });
}
