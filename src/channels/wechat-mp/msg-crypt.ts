/**
 * WeChat's message encryption ("WXBizMsgCrypt"), shared by the Official Account (服务号) and
 * WeCom (企业微信 / 微信客服) callbacks: the two platforms publish the same algorithm. Written on
 * node:crypto because no maintained npm library covers it:
 *
 * - signature = hex SHA1 of the sorted, concatenated strings (token, timestamp, nonce[, Encrypt]);
 * - AESKey = base64(EncodingAESKey + "="), 32 bytes; AES-256-CBC, IV = the key's first 16 bytes;
 * - plaintext = 16 random bytes ‖ 4-byte big-endian length ‖ message ‖ receiver id (AppID or CorpID),
 *   padded PKCS#7 to a multiple of 32 bytes (not the cipher's 16, hence padding by hand).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CodedError } from '../../core/errors.js';

const PAD_BLOCK = 32;

/** Hex SHA1 of the sorted, concatenated parts: WeChat's `signature` and `msg_signature`. */
export function wechatSignature(...parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

/** Constant-time comparison of a received signature with the one computed from `parts`. */
export function signatureMatches(received: string | undefined, ...parts: string[]): boolean {
  if (!received) return false;
  const a = Buffer.from(received.toLowerCase());
  const b = Buffer.from(wechatSignature(...parts));
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The 32-byte AES key of an EncodingAESKey (43 base64 characters without the trailing "="). */
export function aesKeyOf(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (encodingAesKey.length !== 43 || key.length !== 32) throw new CodedError('config_invalid', 'EncodingAESKey must be 43 characters');
  return key;
}

/** A decrypted message and the receiver id it was encrypted for. */
export interface Decrypted {
  message: string;
  receiverId: string;
}

/** Encrypt and decrypt for one receiver (AppID or CorpID), accepting any of several keys (rotation). */
export interface MsgCrypt {
  /** Decrypt a base64 `Encrypt` value; throws `unauthorized` when no key fits or the receiver differs. */
  decrypt(encrypted: string): Decrypted;
  /** Encrypt `message` with the current key; `random` (16 bytes) only for reproducing published samples. */
  encrypt(message: string, random?: Buffer): string;
}

/** Decrypt with one key, or undefined when the key does not fit (bad padding, bad lengths). */
function tryDecrypt(key: Buffer, data: Buffer): Decrypted | undefined {
  if (data.length === 0 || data.length % 16 !== 0) return undefined;
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    return undefined;
  }
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > PAD_BLOCK || pad > plain.length) return undefined;
  for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) return undefined;
  const body = plain.subarray(0, plain.length - pad);
  if (body.length < 20) return undefined;
  const len = body.readUInt32BE(16);
  if (20 + len > body.length) return undefined;
  return { message: body.subarray(20, 20 + len).toString('utf8'), receiverId: body.subarray(20 + len).toString('utf8') };
}

/** Build the crypt for `receiverId`; `encodingAesKeys[0]` encrypts, every key is tried to decrypt. */
export function createMsgCrypt(opts: { encodingAesKeys: string[]; receiverId: string }): MsgCrypt {
  const keys = opts.encodingAesKeys.map(aesKeyOf);
  const current = keys[0];
  if (!current) throw new CodedError('config_invalid', 'no EncodingAESKey given');
  return {
    decrypt(encrypted) {
      const data = Buffer.from(encrypted, 'base64');
      for (const key of keys) {
        const d = tryDecrypt(key, data);
        if (!d) continue;
        if (d.receiverId !== opts.receiverId) throw new CodedError('unauthorized', 'encrypted for another AppID/CorpID');
        return d;
      }
      throw new CodedError('unauthorized', 'message cannot be decrypted with the configured EncodingAESKey');
    },
    encrypt(message, random = randomBytes(16)) {
      const msg = Buffer.from(message, 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(msg.length);
      const body = Buffer.concat([random, len, msg, Buffer.from(opts.receiverId, 'utf8')]);
      const pad = PAD_BLOCK - (body.length % PAD_BLOCK);
      const cipher = createCipheriv('aes-256-cbc', current, current.subarray(0, 16));
      cipher.setAutoPadding(false);
      return Buffer.concat([cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
    },
  };
}
