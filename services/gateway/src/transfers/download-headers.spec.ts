import { attachmentDisposition, servedFileContentType } from './download-headers';

describe('download headers', () => {
  it('serves images, PDF, plain text and media as themselves and everything else as bytes', () => {
    expect(servedFileContentType('image/png')).toBe('image/png');
    expect(servedFileContentType('application/pdf')).toBe('application/pdf');
    expect(servedFileContentType('text/plain')).toBe('text/plain; charset=utf-8');
    expect(servedFileContentType('audio/mpeg')).toBe('audio/mpeg');
    expect(servedFileContentType('video/mp4')).toBe('video/mp4');
    for (const risky of ['text/html', 'image/svg+xml', 'application/xml', 'application/javascript', 'x/y']) {
      expect(servedFileContentType(risky)).toBe('application/octet-stream');
    }
  });

  it('names the file with an ASCII fallback and the exact UTF-8 name', () => {
    expect(attachmentDisposition('report.pdf')).toBe(
      `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`,
    );
    expect(attachmentDisposition('Überblick "Q1" (final).txt')).toBe(
      `attachment; filename="_berblick _Q1_ (final).txt"; ` +
        `filename*=UTF-8''%C3%9Cberblick%20%22Q1%22%20%28final%29.txt`,
    );
    expect(attachmentDisposition('a\r\nb.txt')).toBe(
      `attachment; filename="a__b.txt"; filename*=UTF-8''a%0D%0Ab.txt`,
    );
  });
});
