'use strict';
/**
 * The transpile cache's folder and files, for framework/register.ts and for bin/hook.js
 * (which needs it before any TypeScript can run, hence JavaScript). Whatever is read back is
 * run, so nothing is trusted that another user could have written:
 *
 * - the folder is `$PYRAMID_TS_CACHE`, else `$XDG_CACHE_HOME/pyramid-ts` (`~/.cache/pyramid-ts`),
 *   else `<tmpdir>/pyramid-ts-<uid>`; created 0700, used only when it is owned by this user (a
 *   folder of ours left group- or world-accessible is made 0700); with none usable, no cache;
 * - a file is read only when owned by this user, writable by no one else, and ending with the
 *   SHA-256 of its contents (a torn or edited file is transpiled again).
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const TRAILER = '\n//# pyramid-ts-cache sha256=';
const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
let chosen;

function digest(text) {
  return crypto.createHash('sha256').update(text).digest('hex');
}

function candidates() {
  if (process.env.PYRAMID_TS_CACHE) return [process.env.PYRAMID_TS_CACHE];
  return [
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'pyramid-ts'),
    path.join(os.tmpdir(), `pyramid-ts-${uid ?? os.userInfo().username}`),
  ];
}

/** The cache folder, or null when no candidate is this user's own. */
function cacheDir() {
  if (chosen !== undefined) return chosen;
  chosen = null;
  for (const dir of candidates()) {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const stat = fs.statSync(dir);
      if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) continue;
      if ((stat.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
      chosen = dir;
      break;
    } catch {
      // not writable here: the next candidate
    }
  }
  return chosen;
}

/** The cached text for `name`, or undefined when missing or not to be trusted. */
function read(name) {
  const dir = cacheDir();
  if (!dir) return undefined;
  let fd;
  try {
    fd = fs.openSync(path.join(dir, name), fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  try {
    const stat = fs.fstatSync(fd);
    if ((uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) return undefined;
    const text = fs.readFileSync(fd, 'utf8');
    const at = text.lastIndexOf(TRAILER);
    if (at === -1) return undefined;
    const body = text.slice(0, at);
    return text.slice(at + TRAILER.length).trimEnd() === digest(body) ? body : undefined;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** Stores `body` as `name`: written aside (0600), then renamed, as another process may write the same. */
function write(name, body) {
  const dir = cacheDir();
  if (!dir) return;
  const file = path.join(dir, name);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, `${body}${TRAILER}${digest(body)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    // a read-only folder still runs, only without the cache
    try {
      fs.unlinkSync(tmp);
    } catch {
      // never written
    }
  }
}

module.exports = { read, write };
