import type { DestinationStream } from 'pino';
import { NestPinoLogger } from './nest-pino-logger';
import { createRootLogger } from './root-logger';

describe(NestPinoLogger.name, () => {
  let lines: string[];
  let sut: NestPinoLogger;
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeEach(() => {
    lines = [];
    const destination: DestinationStream = { write: (line: string) => void lines.push(line) };
    const root = createRootLogger(destination);
    root.level = 'trace';
    sut = new NestPinoLogger(root);
  });

  it.each([
    ['log', 'info'],
    ['error', 'error'],
    ['warn', 'warn'],
    ['debug', 'debug'],
    ['verbose', 'trace'],
    ['fatal', 'fatal'],
  ] as const)('should write Nest %s as pino %s, with the context as a field', (method, level) => {
    sut[method]('message', 'Context');
    expect(records()).toEqual([
      expect.objectContaining({ level, context: 'Context', msg: 'message' }),
    ]);
  });

  it('should take the stack Nest passes before the context of an error', () => {
    sut.error('failed', 'Error: x\n    at y', 'HTTP');
    expect(records()[0]).toMatchObject({
      context: 'HTTP',
      msg: 'failed',
      stack: 'Error: x\n    at y',
    });
  });

  it('should log an object message as fields and an Error as err', () => {
    sut.debug({ msg: '401: jwt expired', requestId: 'r-1' }, 'Auth');
    sut.error(new Error('boom'), 'X');
    expect(records()).toEqual([
      expect.objectContaining({ context: 'Auth', msg: '401: jwt expired', requestId: 'r-1' }),
      expect.objectContaining({
        context: 'X',
        msg: 'boom',
        err: expect.objectContaining({ message: 'boom' }),
      }),
    ]);
  });

  it('should log without a context', () => {
    sut.log('plain');
    expect(records()[0]).not.toHaveProperty('context');
  });

  it('should drop lines below the level', () => {
    const quiet: string[] = [];
    const root = createRootLogger({ write: (line: string) => void quiet.push(line) });
    root.level = 'warn';
    const logger = new NestPinoLogger(root);
    logger.log('no');
    logger.debug('no');
    logger.warn('yes');
    expect(quiet).toHaveLength(1);
  });
});
