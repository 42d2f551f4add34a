import { connect, type Socket } from 'node:net';

/** A TCP connection to the app on 127.0.0.1. */
export function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends until it closes the connection (a reset ends it too). */
export function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.once('close', () => resolve(text));
    socket.once('error', () => undefined);
  });
}

export interface RawResponse {
  readonly status: number;
  /** Lower-cased names; a repeated header keeps its last value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The first response in `text` (status line, headers, body by Content-Length). */
export function parseResponse(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) {
    throw new Error(`no complete response in ${JSON.stringify(text.slice(0, 200))}`);
  }
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? text.length - end - 4);
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: text.slice(end + 4, end + 4 + length),
  };
}

/**
 * Sends `request` verbatim (no client normalises the path) on a fresh connection and returns
 * what came back once the server closed it. Ask for `Connection: close` unless the server closes
 * on its own.
 */
export async function rawRequest(port: number, request: string | Buffer): Promise<RawResponse> {
  const socket = await open(port);
  const text = readAll(socket);
  socket.write(request);
  return parseResponse(await text);
}
