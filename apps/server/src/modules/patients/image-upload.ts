import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { imageContentTypes, maxImageBytes } from '@meridian/contracts';
import { AppError, fieldError } from '../../platform/errors.js';

// Shared by the patient photo and the insurance card images: both take the image itself as
// the request body (not JSON, not a form) and answer it back as bytes.

export type ImageContentType = (typeof imageContentTypes)[number];

export interface UploadedImage {
  contentType: ImageContentType;
  bytes: Buffer;
}

const typeList = imageContentTypes.join(', ');

function tooLarge(): AppError {
  return new AppError(
    'request.body_too_large',
    `the image exceeds ${maxImageBytes / (1024 * 1024)} MB`,
    {
      errors: [
        { path: 'body', rule: 'too_big', message: `must be at most ${maxImageBytes} bytes` },
      ],
    },
  );
}

function unsupportedType(): AppError {
  return new AppError('request.unsupported_media_type', `send the image as one of ${typeList}`);
}

/**
 * Registers routes that take or give images in their own encapsulated scope, so the raw
 * image body parser stays out of the rest of the API (which accepts JSON only). In the
 * scope, image bodies arrive as a Buffer of at most maxImageBytes, any other non-JSON body
 * is refused with 415, and answers are `cache-control: private, no-store`: a patient's
 * images must stay out of shared and browser caches.
 */
export function registerImageRoutes(
  app: FastifyInstance,
  routes: (scope: FastifyInstance) => void,
): void {
  void app.register((scope, _opts, next) => {
    scope.addContentTypeParser([...imageContentTypes], (request, payload, done) => {
      const declared = Number(request.headers['content-length']);
      if (declared > maxImageBytes) return done(tooLarge(), undefined);
      const chunks: Buffer[] = [];
      let size = 0;
      // Like fastify's own body reader: stop listening at the limit, answer at once.
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxImageBytes) {
          stop();
          done(tooLarge(), undefined);
        } else chunks.push(chunk);
      };
      const onEnd = (err?: Error) => {
        stop();
        if (err) done(err, undefined);
        else done(null, Buffer.concat(chunks, size));
      };
      const stop = () => {
        payload.removeListener('data', onData);
        payload.removeListener('end', onEnd);
        payload.removeListener('error', onEnd);
      };
      payload.on('data', onData);
      payload.on('end', onEnd);
      payload.on('error', onEnd);
    });
    scope.addContentTypeParser('*', (_request, _payload, done) =>
      done(unsupportedType(), undefined),
    );
    scope.addHook('onSend', (_request, reply, payload, done) => {
      void reply.header('cache-control', 'private, no-store');
      done(null, payload);
    });
    routes(scope);
    next();
  });
}

/** What the first bytes say the image is (JPEG, PNG or WebP), or null. */
export function sniffImageType(bytes: Buffer): ImageContentType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return 'image/jpeg';
  }
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'image/png';
  if (
    bytes.length >= 12 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP'
  ) {
    return 'image/webp';
  }
  return null;
}

/**
 * The image a request in an image scope carries, its declared type checked against its
 * bytes: a file renamed to .png, or a script sent as image/jpeg, is refused.
 */
export function uploadedImage(request: FastifyRequest): UploadedImage {
  const body = request.body;
  if (!Buffer.isBuffer(body)) throw unsupportedType();
  if (body.length === 0) throw fieldError('body', 'required', 'the image is empty');
  const declared = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const actual = sniffImageType(body);
  if (actual === null) {
    throw fieldError('body', 'invalid_image', `is not an image of type ${typeList}`);
  }
  if (actual !== declared) {
    throw fieldError('body', 'image_type_mismatch', `the bytes are ${actual}, not ${declared}`);
  }
  return { contentType: actual, bytes: body };
}

/** Answers an image's bytes with its type; never sniffed by the browser as anything else. */
export function sendImage(reply: FastifyReply, image: { contentType: string; bytes: Buffer }) {
  return reply
    .type(image.contentType)
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', 'inline')
    .send(image.bytes);
}
