// Canary tokens: a unique, unguessable marker per probe per scan. A model can only emit one it was told
// to, so its presence (outside an echo of the prompt) proves the injected instruction was followed.
import { randomBytes } from "node:crypto";

/** `RMP-7F3A9C2E`: letters and digits only, so encodings and tokenisers keep it intact. */
export function newCanary(): string {
  return `RMP-${randomBytes(4).toString("hex").toUpperCase()}`;
}

/** One canary per probe id, fixed for the scan. */
export class CanaryBook {
  private readonly byProbe = new Map<string, string>();
  constructor(private readonly make: () => string = newCanary) {}
  for(probeId: string): string {
    let c = this.byProbe.get(probeId);
    if (!c) {
      c = this.make();
      this.byProbe.set(probeId, c);
    }
    return c;
  }
}
