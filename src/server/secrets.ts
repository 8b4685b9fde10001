// Credentials at rest: AES-256-GCM under one key that never lives beside the data it protects — taken from
// RAMPART_SECRET_KEY (32 bytes, hex or base64) or from a key file created with mode 0600 in the user's
// config directory (RAMPART_SECRET_KEY_FILE overrides the path). Messages never contain key material.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { InputError } from "../core/errors.js";

export type Env = Record<string, string | undefined>;

const KEY_BYTES = 32;
const IV_BYTES = 12; // the GCM nonce size NIST SP 800-38D recommends
const TAG_BYTES = 16;
const FORMAT = "v1";
export const KEY_FILE_NAME = "secret.key";

/** A stored secret could not be opened: wrong key or altered record. Never carries key or plaintext. */
export class SecretKeyError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "SecretKeyError";
  }
}

export interface SecretKey {
  /** Never logged or serialised. */
  readonly bytes: Buffer;
  /** Short public fingerprint: tells "another key" apart from "altered record". */
  readonly id: string;
  /** `RAMPART_SECRET_KEY` or the key file's path. */
  readonly source: string;
}

function keyId(bytes: Buffer): string {
  return createHmac("sha256", bytes).update("rampart secret key id").digest("hex").slice(0, 16);
}

function makeKey(bytes: Buffer, source: string): SecretKey {
  return Object.freeze({ bytes, id: keyId(bytes), source });
}

/** 64 hex characters, or base64/base64url of exactly 32 bytes; anything else is an InputError naming `origin`. */
export function parseSecretKey(text: string, origin: string): Buffer {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.length === KEY_BYTES) return bytes;
  }
  throw new InputError(
    `${origin} must be ${KEY_BYTES} bytes written as 64 hex characters or base64 (make one with: openssl rand -hex 32)`,
  );
}

export interface KeyPathInput {
  env?: Env;
  platform?: NodeJS.Platform;
  home?: string;
}

/** Default key file: RAMPART_SECRET_KEY_FILE, else the per-user config directory (not the data directory). */
export function defaultKeyFilePath(input: KeyPathInput = {}): string {
  const env = input.env ?? process.env;
  const platform = input.platform ?? process.platform;
  const home = input.home ?? os.homedir();
  const explicit = env.RAMPART_SECRET_KEY_FILE?.trim();
  if (explicit) return path.resolve(explicit);
  if (platform === "win32") return path.join(env.APPDATA?.trim() || path.join(home, "AppData", "Roaming"), "rampart", KEY_FILE_NAME);
  const xdg = env.XDG_CONFIG_HOME?.trim();
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, "rampart", KEY_FILE_NAME);
  if (platform === "darwin") return path.join(home, "Library", "Preferences", "rampart", KEY_FILE_NAME);
  return path.join(home, ".config", "rampart", KEY_FILE_NAME);
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function realDir(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/** A key file others can read, or that someone else owns, is refused (as ssh refuses such a private key). */
function checkKeyFileMode(file: string): void {
  if (process.platform === "win32") return;
  const st = fs.statSync(file);
  if (!st.isFile()) throw new InputError(`secret key file ${file} is not a regular file`);
  if ((st.mode & 0o077) !== 0) {
    const mode = (st.mode & 0o777).toString(8).padStart(4, "0");
    throw new InputError(`secret key file ${file} is accessible to other users (mode ${mode}); run: chmod 600 ${file}`);
  }
  const uid = process.getuid?.();
  if (uid !== undefined && uid !== 0 && st.uid !== uid) {
    throw new InputError(`secret key file ${file} belongs to another user (uid ${st.uid})`);
  }
}

/** Creates the key file atomically with mode 0600 in a 0700 directory; an existing file is never replaced. */
function createKeyFile(file: string): Buffer {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const bytes = randomBytes(KEY_BYTES);
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  try {
    if (process.platform !== "win32") fs.fchmodSync(fd, 0o600); // whatever the umask left
    fs.writeSync(fd, `${bytes.toString("hex")}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}

export interface LoadKeyOptions extends KeyPathInput {
  /** The database file the key protects: the key file may not live in its directory. */
  dbPath: string;
  /** Explicit key file (else RAMPART_SECRET_KEY_FILE or the config directory). */
  keyFile?: string;
  /** Create the key file when missing (default true). */
  create?: boolean;
}

/** RAMPART_SECRET_KEY when set, else the key file (created on first use). Errors are one line. */
export function loadSecretKey(opts: LoadKeyOptions): SecretKey {
  const env = opts.env ?? process.env;
  const fromEnv = env.RAMPART_SECRET_KEY;
  if (fromEnv !== undefined && fromEnv.trim() !== "") return makeKey(parseSecretKey(fromEnv, "RAMPART_SECRET_KEY"), "RAMPART_SECRET_KEY");
  const file = path.resolve(opts.keyFile ?? defaultKeyFilePath(opts));
  const dataDir = realDir(path.dirname(path.resolve(opts.dbPath)));
  if (isInside(dataDir, path.join(realDir(path.dirname(file)), path.basename(file)))) {
    throw new InputError(
      `secret key file ${file} would sit beside the database it protects (${dataDir}); keep it elsewhere (RAMPART_SECRET_KEY_FILE) or set RAMPART_SECRET_KEY`,
    );
  }
  if (!fs.existsSync(file)) {
    if (opts.create === false) throw new InputError(`secret key file ${file} does not exist; set RAMPART_SECRET_KEY or RAMPART_SECRET_KEY_FILE`);
    try {
      return makeKey(createKeyFile(file), file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") throw new InputError(`cannot create secret key file ${file}: ${code ?? "error"}`);
      // another process created it first: read theirs
    }
  }
  checkKeyFileMode(file);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read secret key file ${file}: ${(e as NodeJS.ErrnoException).code ?? "error"}`);
  }
  return makeKey(parseSecretKey(text, `secret key file ${file}`), file);
}

const b64 = (b: Buffer): string => b.toString("base64url");

/**
 * Encrypts with a fresh random nonce. `context` is authenticated but not stored (e.g. target and label),
 * so a sealed value copied to another record no longer opens. Format: v1.<keyId>.<nonce>.<tag>.<ciphertext>.
 */
export function seal(key: SecretKey, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key.bytes, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [FORMAT, key.id, b64(iv), b64(cipher.getAuthTag()), b64(ct)].join(".");
}

/** The key id a sealed value was made under, or null when it is not a sealed value. */
export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split(".");
  return parts.length === 5 && parts[0] === FORMAT ? (parts[1] ?? null) : null;
}

/** Decrypts and authenticates; `what` names the record in errors (never the secret). */
export function unseal(key: SecretKey, sealed: string, context: string, what = "stored secret"): string {
  const parts = sealed.split(".");
  if (parts.length !== 5 || parts[0] !== FORMAT) throw new SecretKeyError(`${what} is not in a format this Rampart reads`);
  const [, id, iv, tag, ct] = parts as [string, string, string, string, string];
  if (id !== key.id) {
    throw new SecretKeyError(
      `${what} was encrypted under another key (id ${id}) than the one in use (id ${key.id}, from ${key.source}); use the key it was stored with`,
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.bytes, Buffer.from(iv, "base64url"), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretKeyError(`${what} failed authentication: the stored record was altered or moved; store it again`);
  }
}
