import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { inferTemplate, requestPath, segmentTemplate } from '../../src/flows/path-template.js';

describe('endpoint template inference', () => {
  it('numeric ids become {id}, so calls to one resource are one endpoint', () => {
    assert.equal(inferTemplate('/customers/61033'), '/customers/{id}');
    assert.equal(inferTemplate('/customers/9'), '/customers/{id}');
    assert.equal(inferTemplate('/orders/42/items/7'), '/orders/{id}/items/{id}');
  });

  it('UUIDs (with or without dashes, any case) become {id}', () => {
    assert.equal(inferTemplate('/accounts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/users'), '/accounts/{id}/users');
    assert.equal(inferTemplate('/accounts/3F2504E04F8911D39A0C0305E82C3301'), '/accounts/{id}');
  });

  it('hex digests and object ids become {id}; a short hex-looking word stays', () => {
    assert.equal(inferTemplate('/commits/9fceb02d0ae598e95dc970b74767f19372d61af8'), '/commits/{id}');
    assert.equal(inferTemplate('/documents/507f1f77bcf86cd799439011'), '/documents/{id}');
    assert.equal(inferTemplate('/blobs/a1b2c3d4'), '/blobs/{id}');
    assert.equal(inferTemplate('/design/facade'), '/design/facade');
    assert.equal(inferTemplate('/cafe/beef'), '/cafe/beef');
  });

  it('long opaque tokens and prefixed ids become {id}', () => {
    assert.equal(inferTemplate('/v1/customers/cus_NffrFeUfNV2Hib'), '/v1/customers/{id}');
    assert.equal(inferTemplate('/sessions/eyJhbGciOiJIUzI1NiJ9'), '/sessions/{id}');
    assert.equal(inferTemplate('/orders/ord2024x17y'), '/orders/{id}');
    assert.equal(inferTemplate('/files/0123456789abcdefghijklmnopqrstuvwxyz'), '/files/{id}');
  });

  it('dates and date-times become {date}', () => {
    assert.equal(inferTemplate('/reports/2024-01-15'), '/reports/{date}');
    assert.equal(inferTemplate('/reports/2024-01-15T10:30:00Z/summary'), '/reports/{date}/summary');
  });

  it('literal words stay literal, version and algorithm numbers included', () => {
    for (const path of [
      '/v2/me',
      '/api/v1/users/me/preferences',
      '/oauth2/token',
      '/oauth2-authorization/callback',
      '/checks/sha256-checks',
      '/user-preferences-settings',
      '/.well-known/openid-configuration',
      '/2fa/verify',
      '/health',
    ])
      assert.equal(inferTemplate(path), path, path);
  });

  it('query strings and fragments are dropped; doubled and trailing slashes do not make another endpoint', () => {
    assert.equal(requestPath('/search?q=secret&token=abc#top'), '/search');
    assert.equal(inferTemplate('/users/12?access_token=s3cr3t'), '/users/{id}');
    assert.equal(inferTemplate('/users//12/'), '/users/{id}');
    assert.equal(inferTemplate(''), '/');
    assert.equal(inferTemplate('/?page=2'), '/');
  });

  it('a segment already written as a template is kept as written', () => {
    assert.equal(segmentTemplate('{petId}'), '{petId}');
  });
});
