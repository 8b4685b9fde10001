// JWT HMAC cracking rate: the bundled wordlist against HS256/384/512 tokens whose secret is not in it
// (a full pass) and one whose secret is the list's last entry. Prints guesses per second; figures, not assertions.
// Usage: npm run build && node bench/jwt-crack.mjs   (or without a build: npx tsx bench/jwt-crack.mjs src)
import { createHmac, randomBytes } from "node:crypto";

const fromSrc = process.argv[2] === "src";
const jwt = await import(fromSrc ? "../src/jwt/index.ts" : "../dist/jwt/index.js");
const words = await import(fromSrc ? "../src/patterns/jwt-secrets.ts" : "../dist/patterns/jwt-secrets.js");

function sign(alg, digest, secret) {
  const b64 = (v) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const input = `${b64({ alg, typ: "JWT" })}.${b64({ sub: "1234", name: "bench", iat: 1700000000, exp: 1700003600 })}`;
  return `${input}.${createHmac(digest, secret).update(input).digest("base64url")}`;
}

const list = words.jwtSecretCandidates(["Bench Orders API"]);
const rounds = Number(process.env.ROUNDS ?? 10);
console.log(`wordlist: ${list.length} candidates, ${rounds} full passes per algorithm`);
for (const [alg, digest] of [["HS256", "sha256"], ["HS384", "sha384"], ["HS512", "sha512"]]) {
  const token = jwt.parseJwt(sign(alg, digest, randomBytes(32).toString("hex")));
  jwt.crackHmac(token, list); // warm-up
  const t0 = performance.now();
  let guesses = 0;
  for (let i = 0; i < rounds; i++) {
    const r = jwt.crackHmac(token, list);
    if (r) throw new Error("a random secret was cracked");
    guesses += list.length;
  }
  const s = (performance.now() - t0) / 1000;
  console.log(`${alg}: ${guesses} guesses in ${s.toFixed(2)} s = ${Math.round(guesses / s).toLocaleString("en-US")} guesses/s`);
}
const last = list[list.length - 1];
const t1 = performance.now();
const hit = jwt.crackHmac(jwt.parseJwt(sign("HS256", "sha256", last)), list);
console.log(`HS256 secret at the end of the list: found after ${hit?.guesses} guesses in ${(performance.now() - t1).toFixed(1)} ms`);
