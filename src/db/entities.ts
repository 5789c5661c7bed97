import { MANIFESTS } from '../app/modules';

/** Every entity of the application: each module declares its own in its manifest (`src/modules/<m>/index.ts`). */
export const ENTITIES = MANIFESTS.flatMap((m) => m.entities ?? []);
