import { isValidClaimName, parseChannelTemplate } from './channel-template';

describe(parseChannelTemplate.name, () => {
  it.each([
    ['user-{sub}', [{ literal: 'user-' }, { claim: 'sub' }]],
    ['team-{team_id}-*', [{ literal: 'team-' }, { claim: 'team_id' }, { literal: '-*' }]],
    ['{org}{team}', [{ claim: 'org' }, { claim: 'team' }]],
    ['lobby', [{ literal: 'lobby' }]],
    ['{https://example.com/team}', [{ claim: 'https://example.com/team' }]],
  ])('should parse %s', (source, parts) => {
    expect(parseChannelTemplate(source)).toEqual({ source, parts });
  });

  it.each([
    ['', 'an empty template'],
    ['*', 'a bare `*` (it would grant every channel to every caller)'],
    ['a*b', 'a `*` that is not the last character (only `prefix*` patterns exist)'],
    ['{a*}', 'a `*` that is not the last character (only `prefix*` patterns exist)'],
    ['user-{sub', 'a `{` without a matching `}`'],
    ['user-}', 'a `}` without a matching `{`'],
    ['user-{}', 'a placeholder that is not a valid claim name'],
    ['user-{a{b}', 'a placeholder that is not a valid claim name'],
    ['user-{__proto__}', 'a placeholder that is not a valid claim name'],
  ])('should refuse %j', (source, reason) => {
    expect(parseChannelTemplate(source)).toBe(reason);
  });
});

describe(isValidClaimName.name, () => {
  it.each(['agora_uid', 'https://example.com/uid', 'x'])('should accept %s', (name) => {
    expect(isValidClaimName(name)).toBe(true);
  });

  it.each([
    '',
    'a b',
    'a,b',
    'a{',
    'a*',
    'constructor',
    'prototype',
    '__proto__',
    'é',
    'x'.repeat(257),
  ])('should refuse %j', (name) => {
    expect(isValidClaimName(name)).toBe(false);
  });
});
