/**
 * Lingering close, for a connection answered before its request body was read (a 413).
 */
import type { IncomingMessage } from 'node:http';

/** How long a connection answered 413 may go on sending the body it was refused. */
const LINGER_MS = 2000;

/**
 * Closes the connection of a request whose body is refused without resetting it: a socket
 * closed with unread bytes makes the kernel send RST, which can destroy the 413 in the
 * client's buffers before it reads it. So after the answer the server half-closes, reads on
 * and drops what the client still sends until the request ends (or LINGER_MS pass, or the
 * client closes its side), then closes, as waitress and nginx's lingering close do. Node calls
 * `destroySoon()` on a connection whose response said `Connection: close`.
 */
export function lingerOnClose(req: IncomingMessage): void {
  const socket = req.socket as IncomingMessage['socket'] & { destroySoon?: () => void };
  socket.destroySoon = () => {
    if (req.complete) {
      socket.destroy();
      return;
    }
    socket.end();
    const close = () => {
      clearTimeout(timer);
      socket.destroy();
    };
    const timer = setTimeout(close, LINGER_MS);
    timer.unref();
    req.once('end', close);
    socket.once('end', close);
    socket.once('close', () => clearTimeout(timer));
  };
  req.resume();
}
