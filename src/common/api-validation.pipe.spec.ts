import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { ApiException } from './api-error';
import { ApiValidationPipe } from './api-validation.pipe';

class PrivilegesDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  joinChannel?: number;
}

class ProbeDto {
  @IsString()
  channel!: string;

  @IsInt()
  @Min(0)
  @Max(2 ** 32 - 1)
  uid!: number;

  @IsIn(['publisher', 'subscriber'])
  role!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => PrivilegesDto)
  privileges?: PrivilegesDto;
}

describe(ApiValidationPipe.name, () => {
  const pipe = new ApiValidationPipe();
  const run = (value: unknown) => pipe.transform(value, { type: 'body', metatype: ProbeDto });
  const failure = async (value: unknown) => {
    const error = await run(value).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiException);
    return error as ApiException;
  };

  it('should return a DTO instance for a valid body', async () => {
    const dto = await run({
      channel: 'c',
      uid: 1,
      role: 'publisher',
      privileges: { joinChannel: 60 },
    });
    expect(dto).toBeInstanceOf(ProbeDto);
    expect((dto as ProbeDto).privileges).toBeInstanceOf(PrivilegesDto);
  });

  it('should answer 400 VALIDATION_FAILED with one message per problem', async () => {
    const error = await failure({ channel: 5, uid: -1, role: 'admin', extra: true });
    expect(error.getStatus()).toBe(400);
    expect(error.getResponse()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.arrayContaining([
        'property extra should not exist',
        'channel must be a string',
        'uid must not be less than 0',
        expect.stringMatching(/^role must be one of the following values/),
      ]),
      code: 'VALIDATION_FAILED',
    });
  });

  it('should name nested fields by their path', async () => {
    const error = await failure({
      channel: 'c',
      uid: 1,
      role: 'publisher',
      privileges: { joinChannel: 'x' },
    });
    expect((error.getResponse() as { message: string[] }).message).toContain(
      'privileges.joinChannel must be an integer number',
    );
  });

  it.each([
    ['an empty string', ''],
    ['null', null],
    ['false', false],
    ['a numeric string', '1'],
  ])('should never coerce %s into a number', async (_case, uid) => {
    const error = await failure({ channel: 'c', uid, role: 'publisher' });
    expect((error.getResponse() as { code: string }).code).toBe('VALIDATION_FAILED');
  });

  it('should never echo the rejected values', async () => {
    const error = await failure({
      channel: 'SECRET-VALUE',
      uid: 'SECRET-UID',
      role: 'SECRET-ROLE',
    });
    expect(JSON.stringify(error.getResponse())).not.toContain('SECRET');
  });
});
