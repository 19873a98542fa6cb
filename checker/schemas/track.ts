import { z } from 'zod';

/** `tracks/<id>.yaml`: an ordered checklist of labs, e.g. for onboarding. */
export const trackSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    title: z.string().min(1),
    description: z.string().default(''),
    labs: z.array(z.string()).min(1),
  })
  .strict();
export type Track = z.infer<typeof trackSchema>;
