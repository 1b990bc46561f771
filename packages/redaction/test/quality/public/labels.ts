/**
 * Hand labels for the public corpora, keyed by case id or line id (sha256 prefix of the line; `lineId`), so that no
 * corpus text is repeated here. Each entry says why a change there is correct rather than a false positive. The
 * principle, independent of what any engine does: a scanner's "negative" is still fair game for a log redactor when
 * - KEY: the value sits directly under a key or header whose name says it holds a credential, token, secret,
 *   password or API key (`api_key = "xxxx"`, `Authorization: Bearer $API_KEY`, `csrf-token=…`) — a redactor cannot
 *   tell a placeholder or variable from the real value there without leaking the real one;
 * - VENDOR: the value has a vendor's documented credential format (prefix and body: `AIza…`, `sk-ant-…`,
 *   `xoxb-…`, `sntrys_…`, `glpat-…`, `AKIA…EXAMPLE`), placeholders included;
 * - URL: it is the user/password part of a URL (`scheme://user:pass@host`), placeholders included;
 * - PEM: it is a PEM private-key block, whatever its body.
 * Not excluded, so counted as false positives: values under keys that describe a secret instead of holding it
 * (`passwordVariable`, `…_SECRET_NAME`, `keyVaultToStoreSecrets`, `passwordLabel`, `addPassword = "#add-password"`,
 * `…_FORGOT_PASSWORD=<url>`, `IAMUserChangePassword = "arn:…"`, routes such as `'/forgot-password' => "…"`), empty
 * values that swallow the next line, and words that merely contain a trigger (`xoxo` in a file name,
 * `io.jsonwebtoken:jjwt-…`).
 * Labelled by reading every negative that either the engine at 7b9c856 or the one in the working tree on
 * 2026-12-03 changed, and again for the negatives of the registry-derived gitleaks corpus (v8.30.1) that the engine at
 * 3806946 changed, and on 2026-12-03 for the two gitleaks negatives S16 changed once it read names padded into
 * columns (`password       = "…"`), for the seven S16 changed once it read name/value entries (`<add
 * key="ClearTextPassword" value="…"/>`), and for the Kingfisher rule examples measured out of tree (README.md beside
 * this file); a negative changed later and not listed here counts as a false positive until someone labels it.
 * The noseyparker, secretlint and kingfisher entries name cases of corpora that are not vendored (no registry
 * package ships them); they match nothing in the repository and stay as the record of how those cases were judged.
 */

const KEY = 'value under a credential/token/secret key or Authorization header';
const VENDOR = "value in a vendor's documented credential format";
const URL = 'user/password part of a URL';
const PEM = 'PEM private-key block';

/** Scanner negatives (a scanner's "no finding here") that nevertheless hold a credential-position value. */
export const NEGATIVE_EXCLUSIONS: Readonly<Record<string, string>> = {
  '881144b93f0c4614': KEY, // noseyparker np.auth0.1
  '0b125c30adbafcaa': KEY, // noseyparker np.aws.2
  '74b378251dbad583': KEY, // noseyparker np.aws.2
  '799037330e03e40a': KEY, // noseyparker np.aws.2
  '8c3cb06e0255ae8d': KEY, // noseyparker np.aws.2
  f3c66647525bba8c: KEY, // noseyparker np.aws.2
  '697a1a3e856c55fc': KEY, // noseyparker np.azure.2
  '27387b7f38e51c43': KEY, // noseyparker np.generic.1
  '07f0861056e92960': KEY, // noseyparker np.generic.3
  '0ee4804d13caefcc': KEY, // noseyparker np.generic.3
  a48d6e2434d2c7d5: KEY, // noseyparker np.generic.4
  b0e08a9a20225c56: KEY, // noseyparker np.generic.4
  '23280ba1efb402f3': KEY, // noseyparker np.generic.5
  '320ac5f675326ce7': KEY, // noseyparker np.generic.5
  '4443735f044bde22': KEY, // noseyparker np.generic.5
  '6af11f1e2765fcb7': KEY, // noseyparker np.generic.5
  '7355ad3b64232aca': KEY, // noseyparker np.generic.5
  '7b2695dcbd8c7efa': KEY, // noseyparker np.generic.5
  '8a6cd40f248f6a92': KEY, // noseyparker np.generic.5
  '9a84d2158bfad2e0': KEY, // noseyparker np.generic.5
  a8f219f22391a342: KEY, // noseyparker np.generic.5
  '85166d91b83b1d88': KEY, // noseyparker np.generic.6
  c270ce2d470877a8: KEY, // noseyparker np.generic.9
  f8fb5be6a54c0eb9: KEY, // noseyparker np.gitalk.1
  '7698f142c4455883': KEY, // noseyparker np.hashicorp.1
  '53ed067db1184efe': KEY, // noseyparker np.hashicorp.2
  '61ad1847e70602bd': KEY, // noseyparker np.hashicorp.3
  d6482f3d5cbf8c4e: KEY, // noseyparker np.hashicorp.4
  beb5646d67fb3da7: KEY, // noseyparker np.hashicorp.5
  c5eec76759996070: KEY, // noseyparker np.hashicorp.6
  f9e269c1212cd4ed: KEY, // noseyparker np.newrelic.8
  '708a0fce78587727': KEY, // noseyparker np.npm.1
  '35a0bb6eb1dae580': KEY, // noseyparker np.odbc.1
  '6035e57c0d831131': KEY, // noseyparker np.odbc.1
  '63564df9b1a012e4': KEY, // noseyparker np.odbc.1
  '9fccc5351f2f69ac': KEY, // noseyparker np.odbc.1
  c50d46f6a30a314f: KEY, // noseyparker np.odbc.1
  '5f29cf476a8c8fab': KEY, // noseyparker np.okta.1
  a851a556233f96f4: KEY, // noseyparker np.okta.1
  '31938de2e7efe6f0': KEY, // noseyparker np.postgres.1
  '033e6317f256ad8c': KEY, // noseyparker np.reactapp.2
  '763536cf0c3f7b4b': KEY, // noseyparker np.slack.2
  '37cdae04ad432efd': KEY, // noseyparker np.slack.4
  b8adbba86029daa5: KEY, // noseyparker np.slack.4
  '30063d953ebd8394': KEY, // noseyparker np.slack.6
  '3bcbce68c5b3f100': KEY, // noseyparker np.slack.6
  f13c8a306cd19845: KEY, // noseyparker np.slack.6
  '654ef465eeaa8d47': KEY, // noseyparker np.twitter.2
  '3f847d8436339175': URL, // noseyparker np.mongodb.1
  b102ab7062ca84e6: URL, // noseyparker np.postgres.1
  '1c70651e2d4b0051': VENDOR, // noseyparker np.generic.1
  '3b8c5cea2664e693': VENDOR, // noseyparker np.slack.2
  f5dfb3991b6f359a: VENDOR, // noseyparker np.slack.2
  f32eb6ab48a2092f: VENDOR, // noseyparker np.slack.4
  f683e5b357cc8313: VENDOR, // noseyparker np.slack.6
  '11aef108071e9f2a': VENDOR, // gitleaks 1password-secret-key
  '50cab628a0756c70': KEY, // gitleaks 1password-service-account-token
  de1f752f5d221ed8: KEY, // gitleaks 1password-service-account-token
  c2c29f4fb0a21514: KEY, // gitleaks azure-ad-client-secret
  bcdf8f22f39a5d36: KEY, // gitleaks cisco-meraki-api-key
  e02a0c1884c0d5c0: KEY, // gitleaks cisco-meraki-api-key
  '229a36f26729771d': KEY, // gitleaks cloudflare-api-key
  dbd700c82c8fa7da: KEY, // gitleaks cloudflare-api-key
  '222d500f0e7ac023': KEY, // gitleaks cloudflare-global-api-key
  '28f11ecf2fcce813': KEY, // gitleaks cloudflare-global-api-key
  '41605c0b86fe618c': KEY, // gitleaks cloudflare-origin-ca-key
  '7061d48e65ef7b29': KEY, // gitleaks cloudflare-origin-ca-key
  e12a7f70c03b6bfb: KEY, // gitleaks cloudflare-origin-ca-key
  f7e337c794aa7239: KEY, // gitleaks cloudflare-origin-ca-key
  '9789c14f0b3a12b5': KEY, // gitleaks cohere-api-token
  '4e967f1f2b8528aa': KEY, // gitleaks curl-auth-header
  '6ed4f0d03e18f55f': KEY, // gitleaks curl-auth-header
  '8d003c041076a917': KEY, // gitleaks curl-auth-header
  '9042621845aa4ae9': KEY, // gitleaks curl-auth-header
  '979144c30b07a576': KEY, // gitleaks curl-auth-header
  '98c70f2f6689dcab': KEY, // gitleaks curl-auth-header
  bccb08a211616877: KEY, // gitleaks curl-auth-header
  dd266583166ed96f: KEY, // gitleaks curl-auth-header
  '5908d1fa45b1a35e': KEY, // gitleaks databricks-api-token
  f799b5eb4a86f8b5: KEY, // gitleaks flyio-access-token
  '9e6f592f9d312578': KEY, // gitleaks gcp-api-key
  '316ba42b1b21969a': KEY, // gitleaks generic-api-key
  '39478bea0a67f452': KEY, // gitleaks generic-api-key
  '41ebbd4291f5e227': KEY, // gitleaks generic-api-key
  '6393a2e2fbec6c3d': KEY, // gitleaks generic-api-key
  ddb1d3a7323f7e18: KEY, // gitleaks generic-api-key
  '005a4353f00a010f': KEY, // gitleaks grafana-cloud-api-token
  a0d97c3e046f899f: KEY, // gitleaks huggingface-access-token
  '0c8284495e6afe22': KEY, // gitleaks huggingface-organization-api-token
  cb26ea2b8bf55faa: KEY, // gitleaks mailchimp-api-key
  '124618ffc5e66927': KEY, // gitleaks openshift-user-token
  '74fc429a9961cd3e': KEY, // gitleaks openshift-user-token
  '0cfdccbe316f14bd': KEY, // gitleaks perplexity-api-key
  '0b24ee5f6529a44f': KEY, // gitleaks prefect-api-token
  '93176f458a590ecf': KEY, // gitleaks privateai-api-token
  '39b23df493e6dd4c': KEY, // gitleaks readme-api-token
  '40130a0767cb4866': KEY, // gitleaks settlemint-application-access-token
  '67a88cfd6905384c': KEY, // gitleaks settlemint-application-access-token
  '2d8750ce0b033722': KEY, // gitleaks settlemint-personal-access-token
  '702d818f0acadee6': KEY, // gitleaks settlemint-personal-access-token
  '68c40f26be51e040': KEY, // gitleaks settlemint-service-access-token
  '6d3a565d6e2d8e13': KEY, // gitleaks settlemint-service-access-token
  b8d9b5e00f4a3a53: KEY, // gitleaks stripe-access-token
  '21f3650d6e60822d': KEY, // gitleaks telegram-bot-api-token
  '21f36558c544ffa9': KEY, // gitleaks telegram-bot-api-token
  '2fcf0c6aa451ae9c': KEY, // gitleaks telegram-bot-api-token
  '3fc654315b65b43d': KEY, // gitleaks telegram-bot-api-token
  '5133e4cad521ffaf': KEY, // gitleaks telegram-bot-api-token
  '5dbbc87ddb1c28c1': KEY, // gitleaks telegram-bot-api-token
  '89eee57ad57c8e45': KEY, // gitleaks telegram-bot-api-token
  '97d0b00cdbb88d8c': KEY, // gitleaks telegram-bot-api-token
  '9c62086361c1b552': KEY, // gitleaks telegram-bot-api-token
  ec3d7f28f903c406: KEY, // gitleaks telegram-bot-api-token
  fec38c102c1e2fd0: KEY, // gitleaks telegram-bot-api-token
  '02f4b811fff1aeb1': KEY, // gitleaks vault-service-token
  '6dcc9bb981bc4372': KEY, // gitleaks hashicorp-tf-password
  f8f7d83e621c0c89: KEY, // gitleaks hashicorp-tf-api-token
  dc5a808e7821b7f4: KEY, // kingfisher kingfisher.azure.2
  '56b7dafcb49d7e57': KEY, // kingfisher kingfisher.odbc.1
  '9ab57b456fa0a394': KEY, // kingfisher kingfisher.odbc.1
  adb7ea9dd7364261: KEY, // kingfisher kingfisher.odbc.1
  b42562dda5298bfd: KEY, // kingfisher kingfisher.odbc.1
  '142cb282e7686349': KEY, // kingfisher kingfisher.reactapp.2
  '0158725a58a995e0': KEY, // secretlint aws
  a3dec53c7f4e2fca: KEY, // secretlint docker
  f14952e47cb7bad9: KEY, // secretlint figma
  a1d38f9b52a3969e: KEY, // secretlint gcp
  '12bcfa80ae73422c': KEY, // secretlint groq
  '93bb39496c82ddd9': KEY, // secretlint hashicorp-vault
  '878e890f0d9be6d7': KEY, // secretlint no-k8s-kind-secret
  '9d0cc169788a4f9a': KEY, // secretlint no-k8s-kind-secret
  '12759138fce580c7': KEY, // secretlint privatekey
  a95ba235d87d277e: PEM, // gitleaks private-key
  c97dbf4f773188f5: PEM, // gitleaks private-key
  '3341249ed37d40c4': PEM, // secretlint privatekey
  '3595a3848b6c582b': PEM, // secretlint privatekey
  e162ca76cf13744c: PEM, // secretlint privatekey
  '0be242a29e8637a9': URL, // secretlint basicauth
  '16d28301c1326336': URL, // secretlint basicauth
  dbd2cbd69bb63c24: URL, // secretlint basicauth
  ed895dca1eb470c2: URL, // secretlint database-connection-string
  d62264933b0abfea: URL, // kingfisher kingfisher.rabbitmq.1
  f651b85ee9f2d4fb: URL, // kingfisher kingfisher.rabbitmq.1
  '9e0f6abbd8125c1c': VENDOR, // gitleaks 1password-service-account-token
  '229e7ef57363f48e': VENDOR, // gitleaks anthropic-admin-api-key
  c1d6ea7d2ff15e23: VENDOR, // gitleaks anthropic-admin-api-key
  cd7bf29c5c5e93ec: VENDOR, // gitleaks anthropic-admin-api-key
  '2af7cf5a2c9e2417': VENDOR, // gitleaks anthropic-api-key
  '2edf4118e595898a': VENDOR, // gitleaks anthropic-api-key
  e67e856a40a83638: VENDOR, // gitleaks anthropic-api-key
  a584295e7d453da4: VENDOR, // gitleaks aws-access-token
  dea527f7b024063d: VENDOR, // gitleaks aws-access-token
  '1c8d5437436f8190': VENDOR, // gitleaks gcp-api-key
  '25c9467b850cdc20': VENDOR, // gitleaks gcp-api-key
  '4470aecabb36c2fe': VENDOR, // gitleaks gcp-api-key
  '5f19182603eb7bc6': VENDOR, // gitleaks gcp-api-key
  '63a44b0bd456b633': VENDOR, // gitleaks gcp-api-key
  '7580e583a149adcc': VENDOR, // gitleaks gcp-api-key
  '80e652dbe9b1ca8a': VENDOR, // gitleaks gcp-api-key
  '9c519f22a523eb62': VENDOR, // gitleaks gcp-api-key
  a41ef1d96f946350: VENDOR, // gitleaks gcp-api-key
  a6ed765fa0bb93e8: VENDOR, // gitleaks gcp-api-key
  a8e294136cd6e84d: VENDOR, // gitleaks gcp-api-key
  bcf823cd2f4c41f2: VENDOR, // gitleaks gcp-api-key
  c938369e74816245: VENDOR, // gitleaks gcp-api-key
  ca3b5315ab6caa39: VENDOR, // gitleaks gcp-api-key
  e92be0e5cc79643a: VENDOR, // gitleaks gcp-api-key
  f0c9a41deb6b7b66: VENDOR, // gitleaks gcp-api-key
  '5812c0851846b1e8': VENDOR, // gitleaks github-fine-grained-pat
  e52ac11bb58b7137: VENDOR, // gitleaks gitlab-pat
  f36a80b21e3cdfd6: VENDOR, // gitleaks gitlab-pat-routable
  a9881c5c076d2edd: VENDOR, // gitleaks gitlab-ptt
  '3f3025209664a7ca': VENDOR, // gitleaks gitlab-rrt
  b62d71a4a627b485: VENDOR, // gitleaks gitlab-rrt
  bbdea368da8bdd9e: VENDOR, // gitleaks gitlab-runner-authentication-token-routable
  a29ff1980df4bcff: VENDOR, // gitleaks grafana-cloud-api-token
  '3cb234e076d849c4': VENDOR, // gitleaks grafana-service-account-token
  dfd69fdf5f83a1dc: VENDOR, // gitleaks huggingface-access-token
  '3723cc820796ff6c': VENDOR, // gitleaks huggingface-organization-api-token
  '38708980f89b913e': VENDOR, // gitleaks huggingface-organization-api-token
  '115c345429f7a8f5': VENDOR, // gitleaks sentry-org-token
  '4049c74d6e717e6c': VENDOR, // gitleaks sentry-org-token
  fccea0630b96898a: VENDOR, // gitleaks sentry-org-token
  '27aa52cdf3db3e41': VENDOR, // gitleaks sentry-user-token
  '844c69dfe72306a7': VENDOR, // gitleaks sentry-user-token
  e1260ccadb0015d0: VENDOR, // gitleaks sentry-user-token
  '4c8647d499dfe808': VENDOR, // gitleaks slack-bot-token
  '90c5f921e594ccc9': VENDOR, // gitleaks slack-bot-token
  e9e904960c467ff7: VENDOR, // gitleaks slack-bot-token
  '72acf695e8f3d0fe': VENDOR, // gitleaks slack-config-access-token
  db1ac95a79415135: VENDOR, // gitleaks slack-config-access-token
  '6a1dd6fe1066a746': VENDOR, // gitleaks slack-legacy-bot-token
  f1cab1995aebd4af: VENDOR, // gitleaks slack-legacy-bot-token
  '1135af580c85f633': VENDOR, // gitleaks slack-user-token
  '487c7421c4156c0b': VENDOR, // gitleaks slack-user-token
  a2cb9775a93d8f89: VENDOR, // gitleaks slack-user-token
  df182df8370d01fe: VENDOR, // gitleaks slack-user-token
  c8e60d9e5519f6b8: VENDOR, // gitleaks vault-service-token
  '319ffdd54ecc292a': VENDOR, // secretlint aws
  '382857f40e29cd4f': VENDOR, // secretlint aws
  '58c0a52b429ca006': VENDOR, // secretlint huggingface
  '9e49b0a911c132be': VENDOR, // secretlint openai
  '99bbd8b1fe2b4c3e': VENDOR, // secretlint stripe
  // gitleaks v8.30.1 (registry corpus): negatives whose generated value is new, labelled 2026-12-03 at engine 3806946
  f88339133ce9da82: KEY, // gitleaks freemius-secret-key
  d3c12e8971aab999: KEY, // gitleaks freemius-secret-key
  cd5f0f285fd9eae6: KEY, // gitleaks freemius-secret-key
  '9d1d78cf88b7dbe5': KEY, // gitleaks hashicorp-tf-password
  aa56ae430e774ed2: KEY, // gitleaks hashicorp-tf-password
  '1da57158a09810b8': KEY, // gitleaks kubernetes-secret-yaml (SOPS value under db-password)
  '7623a8e912c08656': KEY, // gitleaks settlemint-application-access-token
  '4a6d81ef91212efd': KEY, // gitleaks settlemint-application-access-token
  a54af8febb162d32: KEY, // gitleaks settlemint-personal-access-token
  d56b00bef5064b48: KEY, // gitleaks settlemint-personal-access-token
  '947ad9a792bbfd70': KEY, // gitleaks settlemint-service-access-token
  '91fc88c4bef70b3e': KEY, // gitleaks settlemint-service-access-token
  '30014c4e921a13e3': KEY, // gitleaks stripe-access-token
  '4fb9e6f3cd5e3932': KEY, // gitleaks telegram-bot-api-token
  '7885a8996af86602': KEY, // gitleaks telegram-bot-api-token
  '0bcf919aaf6604e9': KEY, // gitleaks telegram-bot-api-token
  '90147aef089e8ff6': KEY, // gitleaks telegram-bot-api-token
  a272c1c64ae9ee02: KEY, // gitleaks telegram-bot-api-token
  '801fb422b36b1991': KEY, // gitleaks telegram-bot-api-token
  '6a696282dfe7a99f': KEY, // gitleaks telegram-bot-api-token
  '6c497f3b3f23620d': KEY, // gitleaks telegram-bot-api-token
  fea092207bd8bd05: KEY, // gitleaks telegram-bot-api-token
  d876cae1f41c8a3b: KEY, // gitleaks telegram-bot-api-token
  e8cc9935af08f648: KEY, // gitleaks telegram-bot-api-token
  // gitleaks v8.30.1: values of entries whose name field holds a credential key (`<add key="ClearTextPassword"
  // value="…"/>`, a hidden `authenticity_token` input), labelled 2026-12-03 when S16 began to read such entries
  cb48704f02e8abb1: KEY, // gitleaks flyio-access-token (CSRF token of a hidden input named authenticity_token)
  b5b0a095e8a643b9: KEY, // gitleaks nuget-config-password
  '0fd0288b0220c79a': KEY, // gitleaks nuget-config-password
  bfe3deeb18d03d35: KEY, // gitleaks nuget-config-password
  ee15f844e4f8618d: KEY, // gitleaks nuget-config-password
  cc1e7791b024e3bd: KEY, // gitleaks nuget-config-password
  '7f1a9b6f540ba2a9': KEY, // gitleaks nuget-config-password
  '3b48d2aeb5dae4a1': VENDOR, // gitleaks sentry-org-token
  '08259f9ac723621b': VENDOR, // gitleaks sentry-org-token
  '3382e6add951d9ea': VENDOR, // gitleaks sentry-org-token
  '92fa23885ee46207': VENDOR, // gitleaks sentry-user-token
  '37ca9b04be3a9ea2': VENDOR, // gitleaks sentry-user-token
};

const SESSION = 'session id under a SessionID key';

/**
 * Benign log lines that really hold a credential, session id or personal data (besides IP/e-mail addresses), by the
 * same principle as above (KEY: a value under a credential or session key, placeholders included). Labelled by
 * reading every benign line the engine at 3806946 changed (2026-12-03).
 */
export const EXPECTED_BENIGN_CHANGES: Readonly<Record<string, string>> = {
  bc06c819c8dd61bd: SESSION, // crowdsec-hub/apps Asterisk security event
  '1cdc2bf703e5af62': SESSION, // crowdsec-hub/apps Asterisk security event
  '2a0c1835b0a6bd45': SESSION, // crowdsec-hub/apps Asterisk security event
  '479c19850d6f5198': KEY, // crowdsec-hub/apps Jellyseerr "password":"__REDACTED__"
  f1990fafa029bf9a: KEY, // crowdsec-hub/apps Jellyseerr "password":"__REDACTED__"
  '109a661454c4b7b6': KEY, // crowdsec-hub/apps Jellyseerr "password":"__REDACTED__"
};
