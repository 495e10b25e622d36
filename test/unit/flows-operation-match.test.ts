import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { ingestSpec } from '../../src/openapi/ingest.js';
import { OperationMatcher, serverBasePath } from '../../src/flows/operation-match.js';
import { corpusPath } from '../helpers/corpus.js';

const CORPUS = corpusPath('openapi/specs/');

/** A matcher over one corpus spec; the test fails naming the file when ../shared is missing. */
async function matcherFor(file: string): Promise<OperationMatcher> {
  assert.ok(existsSync(CORPUS + file), `../shared/corpus/openapi/specs/${file} is missing (${CORPUS})`);
  const { index } = await ingestSpec(CORPUS + file, file);
  return new OperationMatcher(index.operations);
}

describe('server base paths', () => {
  it('is the path of an absolute, scheme-relative or relative server URL, without its trailing slash', () => {
    assert.equal(serverBasePath('https://petstore.swagger.io/v1'), '/v1');
    assert.equal(serverBasePath('https://api.stripe.com/'), '/');
    assert.equal(serverBasePath('//api.example.com/api/v2/'), '/api/v2');
    assert.equal(serverBasePath('/gateway/orders'), '/gateway/orders');
    assert.equal(serverBasePath('/'), '/');
  });
});

describe('matching calls to spec operations (corpus specs)', () => {
  it('Swagger 2.0 petstore: the basePath /v1 is stripped; outside it or with another method a call is undocumented', async () => {
    const pets = await matcherFor('oai-petstore.v2.0.json');
    assert.deepEqual(pets.match('GET', '/v1/pets/42?api_key=secret'), {
      method: 'GET',
      path: '/pets/{petId}',
      documented: true,
      operationId: 'showPetById',
    });
    assert.equal(pets.match('post', '/v1/pets').path, '/pets');
    assert.equal(pets.match('post', '/v1/pets').documented, true);
    // the documented path with a method the spec does not list keeps the spec's template
    assert.deepEqual(pets.match('DELETE', '/v1/pets/42'), {
      method: 'DELETE',
      path: '/pets/{petId}',
      documented: false,
    });
    // under the base path but documented nowhere: the base is stripped and the rest inferred
    assert.deepEqual(pets.match('GET', '/v1/admin/users/7'), {
      method: 'GET',
      path: '/admin/users/{id}',
      documented: false,
    });
    // outside the base path the spec's operations do not apply
    assert.deepEqual(pets.match('GET', '/pets/42'), { method: 'GET', path: '/pets/{id}', documented: false });
  });

  it('Stripe: a literal segment beats a parameter (/v1/customers/search is not {customer})', async () => {
    const stripe = await matcherFor('stripe-2023-09.v3.0.yaml');
    assert.equal(stripe.match('GET', '/v1/customers/search?query=email:"a@b.c"').path, '/v1/customers/search');
    assert.equal(stripe.match('GET', '/v1/customers/cus_NffrFeUfNV2Hib').path, '/v1/customers/{customer}');
    assert.equal(stripe.match('DELETE', '/v1/customers/cus_NffrFeUfNV2Hib').documented, true);
    const searchByPost = stripe.match('POST', '/v1/customers/search');
    assert.equal(searchByPost.documented, true, 'POST /v1/customers/{customer} documents this call');
    assert.equal(searchByPost.path, '/v1/customers/{customer}');
  });

  it('GitHub: the most specific template wins, backtracking when a literal leads nowhere', async () => {
    const github = await matcherFor('github-api-2022-07.v3.0.json');
    assert.equal(
      github.match('GET', '/repos/octo/hello/releases/latest').path,
      '/repos/{owner}/{repo}/releases/latest',
    );
    assert.equal(
      github.match('GET', '/repos/octo/hello/releases/17').path,
      '/repos/{owner}/{repo}/releases/{release_id}',
    );
    assert.equal(
      github.match('GET', '/repos/octo/hello/releases/assets/5').path,
      '/repos/{owner}/{repo}/releases/assets/{asset_id}',
    );
    // "latest" is a literal at that place, but /releases/latest/assets exists only as /releases/{release_id}/assets
    assert.equal(
      github.match('GET', '/repos/octo/hello/releases/latest/assets').path,
      '/repos/{owner}/{repo}/releases/{release_id}/assets',
    );
    assert.equal(github.match('GET', '/user/repos').path, '/user/repos');
    assert.equal(github.match('GET', '/users/octocat/repos').path, '/users/{username}/repos');
    // HEAD is answered wherever GET is
    assert.deepEqual(github.match('HEAD', '/users/octocat'), {
      method: 'HEAD',
      path: '/users/{username}',
      documented: true,
      operationId: 'users/get-by-username',
    });
    assert.deepEqual(github.match('GET', '/internal/debug/9fceb02d0ae598e95dc970b74767f19372d61af8'), {
      method: 'GET',
      path: '/internal/debug/{id}',
      documented: false,
    });
  });

  it('Twilio: partly templated segments ({Sid}.json) match, and a literal file name beats them', async () => {
    const twilio = await matcherFor('twilio-api-v2010.v3.0.yaml');
    const account = '/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef';
    assert.equal(twilio.match('GET', `${account}/Calls.json`).path, '/2010-04-01/Accounts/{AccountSid}/Calls.json');
    assert.equal(
      twilio.match('GET', `${account}/Calls/CA42.json`).path,
      '/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json',
    );
    assert.equal(
      twilio.match('GET', `${account}/Calls/CA42/Events.json`).path,
      '/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Events.json',
    );
    assert.equal(
      twilio.match('GET', `${account}/IncomingPhoneNumbers/Local.json`).path,
      '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/Local.json',
    );
    assert.equal(
      twilio.match('GET', `${account}/IncomingPhoneNumbers/PN42.json`).path,
      '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json',
    );
    // undocumented under Twilio's date-named version: the inferred template turns the date into {date}
    assert.deepEqual(twilio.match('GET', '/2010-04-01/Secret/123'), {
      method: 'GET',
      path: '/{date}/Secret/{id}',
      documented: false,
    });
  });
});
