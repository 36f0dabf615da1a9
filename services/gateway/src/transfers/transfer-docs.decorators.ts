import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { FILE_FIELD, MULTIPART_ORDER_NOTE } from './multipart-upload';

interface UploadForm {
  description: string;
  /** Each text field: its name, whether it is required, and what it means. */
  fields: { name: string; required: boolean; description: string; enum?: readonly string[] }[];
}

/** Documents a multipart upload route: its text fields, then the `file` part. */
export const ApiUpload = (form: UploadForm) =>
  applyDecorators(
    ApiOperation({ description: MULTIPART_ORDER_NOTE }),
    ApiConsumes('multipart/form-data'),
    ApiBody({
      schema: {
        type: 'object',
        required: [...form.fields.filter((field) => field.required).map((field) => field.name), FILE_FIELD],
        properties: {
          ...Object.fromEntries(
            form.fields.map((field) => [
              field.name,
              {
                type: 'string',
                description: field.description,
                ...(field.enum ? { enum: [...field.enum] } : {}),
              },
            ]),
          ),
          [FILE_FIELD]: { type: 'string', format: 'binary', description: form.description },
        },
      },
    }),
  );

/** Documents a route answering bytes as an attachment. */
export const ApiDownload = (description: string) =>
  applyDecorators(
    ApiProduces('application/octet-stream'),
    ApiOkResponse({
      description,
      content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
    }),
  );
