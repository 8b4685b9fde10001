// How long a rotated signing secret keeps signing beside the new one. Its own module (no imports): the
// CLI's help text names these limits without loading the webhook service.

/** How long the previous secret keeps signing after a rotation, unless the caller says otherwise. */
export const DEFAULT_ROTATION_OVERLAP_SECONDS = 24 * 3600;
export const MAX_ROTATION_OVERLAP_SECONDS = 30 * 24 * 3600;
