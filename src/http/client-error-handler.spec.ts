import { refusalFor, refusalResponse, type ClientError } from './client-error-handler';

const withCode = (code: string): ClientError => Object.assign(new Error(code), { code });

describe(refusalFor.name, () => {
  it.each([
    ['HPE_HEADER_OVERFLOW', 431, 'HEADERS_TOO_LARGE'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'REQUEST_TIMEOUT'],
    ['HPE_INVALID_METHOD', 400, 'BAD_REQUEST'],
  ])('should answer %s with %i %s', (code, status, apiCode) => {
    expect(refusalFor(withCode(code))).toMatchObject({ status, code: apiCode });
  });
});

describe(refusalResponse.name, () => {
  it('should write the whole response, ending the connection', () => {
    const refusal = refusalFor(withCode('HPE_HEADER_OVERFLOW'));
    const text = refusalResponse(refusal, { 'x-content-type-options': 'nosniff' }, 'req-1');
    const body =
      '{"statusCode":431,"error":"Request Header Fields Too Large",' +
      '"message":"request headers exceed 16384 bytes","code":"HEADERS_TOO_LARGE"}';
    expect(text).toBe(
      'HTTP/1.1 431 Request Header Fields Too Large\r\n' +
        'x-content-type-options: nosniff\r\n' +
        'content-type: application/json; charset=utf-8\r\n' +
        `content-length: ${body.length}\r\n` +
        'cache-control: no-store\r\n' +
        'x-request-id: req-1\r\n' +
        'connection: close\r\n' +
        '\r\n' +
        body,
    );
  });
});
