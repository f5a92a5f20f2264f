/**
 * The published samples of WeChat's message encryption, decrypted to their published plaintext and
 * their signatures reproduced — not a round trip through our own code. Sources (Tencent's
 * WXBizMsgCrypt sample code, as carried in many public repositories):
 * - Official Account, Python/Go/Node sample: token "spamtest", AppID wx2c2769f8efd9abc2,
 *   timestamp 1409735669, nonce 1320562132, msg_signature 5d197aaf…, ciphertext "hyzAe4Oz…";
 * - Official Account, Java sample test (WXBizMsgCryptTest.java): token "pamtest", AppID
 *   wxb11529c136998cb6, random "aaaabbbbccccdddd", "我是中文abcd123" → "jn1L23DB…";
 * - WeCom, C#/PHP/Java samples (Sample.cs): token "QDG6eK", CorpID wx5823bf96d3bd56c7, the URL check
 *   (msg_signature 5c45ff5e…, echostr "P9nAzCzy…") and the message (msg_signature 477715d1…).
 */
import { describe, expect, it } from 'vitest';
import { createMsgCrypt, signatureMatches, wechatSignature } from '../../src/channels/wechat-mp/msg-crypt.js';
import { buildWechatXml, parseWechatXml } from '../../src/channels/wechat-mp/xml.js';

const MP_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const MP_SAMPLE_ENCRYPT =
  'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=';
const WECOM_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const WECOM_ECHOSTR = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
const WECOM_ENCRYPT =
  'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';

describe('Official Account samples (公众号消息加解密)', () => {
  it('reproduces the plaintext-mode URL signature of the sample token, timestamp and nonce', () => {
    expect(wechatSignature('spamtest', '1409735669', '1320562132')).toBe('16120ec1b8dbb870f510d87ce6bc2463eae6ca1a');
  });

  it('reproduces the sample msg_signature and decrypts the sample message to its published fields', () => {
    expect(wechatSignature('spamtest', '1409735669', '1320562132', MP_SAMPLE_ENCRYPT)).toBe('5d197aaffba7e9b25a30732f161a50dee96bd5fa');
    const d = createMsgCrypt({ encodingAesKeys: [MP_KEY], receiverId: 'wx2c2769f8efd9abc2' }).decrypt(MP_SAMPLE_ENCRYPT);
    expect(d.receiverId).toBe('wx2c2769f8efd9abc2');
    expect(parseWechatXml(d.message)).toEqual({
      ToUserName: 'gh_10f6c3c3ac5a',
      FromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
      CreateTime: '1409735668',
      MsgType: 'text',
      Content: 'abcdteT',
      MsgId: '6054768590064713728',
    });
  });

  it('encrypts the Java sample with its fixed random prefix to the published ciphertext, and back', () => {
    const crypt = createMsgCrypt({ encodingAesKeys: [MP_KEY], receiverId: 'wxb11529c136998cb6' });
    const published = 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==';
    expect(crypt.encrypt('我是中文abcd123', Buffer.from('aaaabbbbccccdddd'))).toBe(published);
    expect(crypt.decrypt(published).message).toBe('我是中文abcd123');
  });

  it('refuses a message encrypted for another AppID, and one no key fits', () => {
    expect(() => createMsgCrypt({ encodingAesKeys: [MP_KEY], receiverId: 'wx0000000000000000' }).decrypt(MP_SAMPLE_ENCRYPT)).toThrow(/another AppID/);
    expect(() => createMsgCrypt({ encodingAesKeys: [WECOM_KEY], receiverId: 'wx2c2769f8efd9abc2' }).decrypt(MP_SAMPLE_ENCRYPT)).toThrow(/cannot be decrypted/);
  });

  it('accepts the previous key during a key change, and encrypts with the current one', () => {
    const rotated = createMsgCrypt({ encodingAesKeys: [WECOM_KEY, MP_KEY], receiverId: 'wx2c2769f8efd9abc2' });
    expect(rotated.decrypt(MP_SAMPLE_ENCRYPT).message).toContain('abcdteT');
    const onlyCurrent = createMsgCrypt({ encodingAesKeys: [WECOM_KEY], receiverId: 'wx2c2769f8efd9abc2' });
    expect(onlyCurrent.decrypt(rotated.encrypt('<xml/>')).message).toBe('<xml/>');
  });
});

describe('WeCom samples (企业微信 加解密方案)', () => {
  const crypt = createMsgCrypt({ encodingAesKeys: [WECOM_KEY], receiverId: 'wx5823bf96d3bd56c7' });

  it('verifies the sample callback URL and decrypts its echostr', () => {
    expect(signatureMatches('5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3', 'QDG6eK', '1409659589', '263014780', WECOM_ECHOSTR)).toBe(true);
    expect(crypt.decrypt(WECOM_ECHOSTR).message).toBe('1616140317555161061');
  });

  it('reproduces the sample message signature and decrypts the sample message', () => {
    expect(wechatSignature('QDG6eK', '1409659813', '1372623149', WECOM_ENCRYPT)).toBe('477715d11cdb4164915debcba66cb864d751f3e6');
    expect(parseWechatXml(crypt.decrypt(WECOM_ENCRYPT).message)).toEqual({
      ToUserName: 'wx5823bf96d3bd56c7',
      FromUserName: 'mycreate',
      CreateTime: '1409659813',
      MsgType: 'text',
      Content: 'hello',
      MsgId: '4561255354251345929',
      AgentID: '218',
    });
  });

  it('rejects a wrong signature and garbage ciphertext without throwing anything but a coded error', () => {
    expect(signatureMatches('0'.repeat(40), 'QDG6eK', '1409659813', '1372623149', WECOM_ENCRYPT)).toBe(false);
    expect(signatureMatches(undefined, 'QDG6eK')).toBe(false);
    expect(() => crypt.decrypt('not base64 at all!!')).toThrow(/cannot be decrypted/);
    expect(() => crypt.decrypt(Buffer.alloc(64, 7).toString('base64'))).toThrow(/cannot be decrypted/);
  });
});

describe('WeChat XML', () => {
  it('keeps text with "]]>" intact through CDATA', () => {
    const xml = buildWechatXml({ Content: 'a]]>b', CreateTime: 1 });
    expect(parseWechatXml(xml)).toEqual({ Content: 'a]]>b', CreateTime: '1' });
  });

  it('refuses malformed XML, a missing root and entity declarations', () => {
    expect(() => parseWechatXml('<xml><a>1</xml>')).toThrow(/well-formed/);
    expect(() => parseWechatXml('<root><a>1</a></root>')).toThrow(/root/);
    expect(() => parseWechatXml('<!DOCTYPE x [<!ENTITY a "b">]><xml><a>&a;</a></xml>')).toThrow(/DOCTYPE/);
  });
});
