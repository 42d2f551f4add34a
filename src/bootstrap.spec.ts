import { nestLogLevels } from './bootstrap';

describe(nestLogLevels.name, () => {
  it.each([
    ['fatal', ['fatal']],
    ['error', ['fatal', 'error']],
    ['warn', ['fatal', 'error', 'warn']],
    ['info', ['fatal', 'error', 'warn', 'log']],
    ['debug', ['fatal', 'error', 'warn', 'log', 'debug']],
    ['trace', ['fatal', 'error', 'warn', 'log', 'debug', 'verbose']],
    ['silent', []],
  ] as const)('should map %s', (level, levels) => {
    expect(nestLogLevels(level)).toEqual(levels);
  });
});
