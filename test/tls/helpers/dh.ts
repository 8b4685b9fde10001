// A 1024-bit Diffie-Hellman group for the weak test servers, made once per test process. PKCS#3 form (a safe
// prime, what `openssl dhparam` writes without -dsaparam): Node 24's TLS server offers no DHE suite at all
// with the X9.42 form that -dsaparam writes, though Node 20 and 22 do.
import { execFileSync } from "node:child_process";

let made: string | null = null;

export function weakDhParams(): string {
  made ??= execFileSync("/usr/bin/openssl", ["dhparam", "1024"], { stdio: ["ignore", "pipe", "ignore"] }).toString();
  return made;
}
