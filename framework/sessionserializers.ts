/**
 * The two layers under a cookie session, as webob's: a `Serializer` turns the session's
 * `[accessed, created, state]` into bytes (JSON as Python writes it, by default), and a
 * `CookieSerializer` turns those into a cookie value (`SignedSerializer`: HMAC, then
 * urlsafe base64 without padding).
 */
import { createHash, createHmac, createSecretKey, getHashes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { pyDumps, pyLoads } from './pyjson';

/** Turns the session's `[accessed, created, state]` into bytes and back (Pyramid's serializer). */
export interface Serializer {
  dumps(appstruct: unknown): Buffer | string;
  /** Throws on anything it cannot read. */
  loads(bytes: Buffer): unknown;
}

// Python's bytes.decode('utf-8'): invalid UTF-8 is an error, and a BOM is kept (so JSON rejects it).
function decodeUtf8(bytes: Buffer): string {
  if (!isUtf8(bytes)) throw new SyntaxError('the payload is not UTF-8');
  return bytes.toString('utf8'); // keeps a BOM as U+FEFF, which JSON then refuses, as Python does
}

/** Pyramid 2.0's default (webob's JSONSerializer), writing and reading JSON exactly as Python does. */
export class JSONSerializer implements Serializer {
  dumps(appstruct: unknown): string {
    return pyDumps(appstruct);
  }

  loads(bytes: Buffer): unknown {
    return pyLoads(decodeUtf8(bytes));
  }
}

/** A serializer of whole cookie values: Pyramid's `BaseCookieSessionFactory` takes one. */
export interface CookieSerializer {
  dumps(appstruct: unknown): string;
  /** Throws on anything it cannot read back. */
  loads(value: string): unknown;
  /** Optional: also says whether the value was signed with an old secret (so it gets re-signed). */
  loadsDetailed?(value: string): { appstruct: unknown; stale: boolean };
}

// Python's hashlib names, where Node names the same algorithm otherwise.
const hashAliases: Record<string, string> = {
  sha3_224: 'sha3-224', sha3_256: 'sha3-256', sha3_384: 'sha3-384', sha3_512: 'sha3-512',
  blake2b: 'blake2b512', blake2s: 'blake2s256', sha512_224: 'sha512-224', sha512_256: 'sha512-256',
};

function nodeHashName(hashalg: string): string {
  const name = hashAliases[hashalg.toLowerCase()] ?? hashalg.toLowerCase();
  if (!getHashes().includes(name) || name.startsWith('shake')) {
    throw new Error(`unsupported hash type ${hashalg}: use one of sha512 (the default), sha384, sha256, sha1, sha3_256, blake2b`);
  }
  return name;
}

const latin1Only = /^[\x00-\xff]*$/;

/** webob's key: salt + secret as latin-1 bytes, or both as UTF-8 when either is not latin-1. */
function signingKey(salt: string, secret: string | Buffer): KeyObject {
  const encoding = latin1Only.test(salt) && (Buffer.isBuffer(secret) || latin1Only.test(secret)) ? 'latin1' : 'utf-8';
  const secretBytes = Buffer.isBuffer(secret) ? secret : Buffer.from(secret, encoding);
  return createSecretKey(Buffer.concat([Buffer.from(salt, encoding), secretBytes]));
}


/**
 * webob's SignedSerializer: `base64url(HMAC(salt + secret, payload) + payload)`, unpadded.
 * `oldSecrets` verify too (after `secret`); values they verify are reported stale.
 */
export class SignedSerializer implements CookieSerializer {
  private readonly hash: string;
  private readonly digestSize: number;
  private readonly keys: KeyObject[];

  constructor(
    secret: string | Buffer,
    salt: string | null,
    hashalg = 'sha512',
    readonly serializer: Serializer = new JSONSerializer(),
    oldSecrets: Array<string | Buffer> = [],
  ) {
    this.hash = nodeHashName(hashalg);
    this.digestSize = createHash(this.hash).digest().length;
    this.keys = [secret, ...oldSecrets].map((s) => signingKey(salt ?? '', s));
  }

  private sign(key: KeyObject, payload: Buffer): Buffer {
    return createHmac(this.hash, key).update(payload).digest();
  }

  dumps(appstruct: unknown): string {
    const dumped = this.serializer.dumps(appstruct);
    // The signature and the payload in one buffer: signature first, as webob lays them out.
    const size = this.digestSize;
    let out: Buffer;
    if (typeof dumped === 'string') {
      out = Buffer.allocUnsafe(size + Buffer.byteLength(dumped, 'utf-8'));
      out.write(dumped, size, 'utf-8');
    } else {
      out = Buffer.allocUnsafe(size + dumped.length);
      dumped.copy(out, size);
    }
    this.sign(this.keys[0], out.subarray(size)).copy(out, 0);
    return out.toString('base64url');
  }

  loadsDetailed(value: string): { appstruct: unknown; stale: boolean } {
    let end = value.length;
    while (end > 0 && value.charCodeAt(end - 1) === 61 /* = */) end--;
    // A length of 4n+1 characters cannot be base64; Node would quietly drop the last one.
    if (end % 4 === 1 || value.length - end > 2) throw new Error('Badly formed base64 data');
    // Urlsafe or standard base64, padded or not (Python's decoder takes all four). Node's decoder
    // skips any other character, so a value with one decodes short: that length check is the
    // character check, without a pass of its own.
    const raw = Buffer.from(value, 'base64url');
    if (raw.length !== Math.floor((end * 3) / 4)) throw new Error('Badly formed base64 data');
    if (raw.length < this.digestSize) throw new Error('Invalid signature');
    const sig = raw.subarray(0, this.digestSize);
    const payload = raw.subarray(this.digestSize);
    for (let i = 0; i < this.keys.length; i++) {
      // Equal lengths by construction, so timingSafeEqual compares in constant time.
      if (timingSafeEqual(this.sign(this.keys[i], payload), sig)) {
        return { appstruct: this.serializer.loads(payload), stale: i > 0 };
      }
    }
    throw new Error('Invalid signature');
  }

  loads(value: string): unknown {
    return this.loadsDetailed(value).appstruct;
  }
}
