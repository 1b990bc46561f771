/**
 * SHA-256 of every data file of the public corpora the figures in BENCHMARKS.md were measured on (derived 2026-12-03;
 * see README.md). The gate test checks them, so a figure is always tied to exactly this data; a re-derived corpus
 * needs a new manifest and new figures.
 */
export const CORPUS_SHA256: Readonly<Record<string, string>> = {
  'scanner-fixtures/gitleaks/cases.heldout.jsonl': 'b7379d0219f9483f16c70428b9a6cdd42cc615272c3a61f1758f6f3576821944',
  'scanner-fixtures/gitleaks/cases.tuning.jsonl': 'bcae2e612b484f952dfe96a0b03347c35c016d623aa64b55327d6d35e3fba383',
  'scanner-fixtures/noseyparker/cases.heldout.jsonl':
    '40cde37cc4a3f4beec29a29c43d060420445884b5ceebc3bfab240bbcacda5c5',
  'scanner-fixtures/noseyparker/cases.tuning.jsonl': '78ff2d8c3a10aaf951cd6d5011793b27fabf32e283ef0c0b700e4d3042b34073',
  'scanner-fixtures/secretlint/cases.heldout.jsonl': '337c27db7561e5cf5083c5643b2abfd0fe47106f4bcc6cc2a1f4a6b1a6d22436',
  'scanner-fixtures/secretlint/cases.tuning.jsonl': '1a07f67da1dbd1cb32be6f291d7ab7b5175981388fe7d7de16b1f2f815b4d0aa',
  'system-logs/elastic-examples/apache-access.heldout.log':
    '9eddbe39d53d8d4b06bd6b74418587554b8687e53cd21f40f4ba9366414d9165',
  'system-logs/elastic-examples/apache-access.tuning.log':
    'bfa7519c0e1986ce3b15091675f9a8f9200d99e1465e06be0d77087d4c12e856',
  'system-logs/elastic-examples/jvm-gc.heldout.log': '68483dcb5203e7d79c9a0ee0438db650a956133c6fabb57021ef3aec309b2def',
  'system-logs/elastic-examples/jvm-gc.tuning.log': '4a2205094208b686407b7704dd6857dc9d37ae7cb7e50a2c9608ff0daee1f3ac',
  'system-logs/elastic-examples/kafka-broker.heldout.log':
    '9c5f952175cfbdc68ff0ea4d97e1212357abc1c68b858fbea31f13758ab0ba6b',
  'system-logs/elastic-examples/kafka-broker.tuning.log':
    '011e08f863e299fc2057a802ebace6fc49758939d28d219843c369230109ba33',
  'system-logs/elastic-examples/kafka-state-change.heldout.log':
    '4ce056e1c34af23819bde19785cb115c5a486a7785d92a702045082b8c9fa15d',
  'system-logs/elastic-examples/kafka-state-change.tuning.log':
    '6785e705074cecbff2b54ef3765cc17aa02ae22f1ace19fb4a68f389f3be8b30',
  'system-logs/elastic-examples/nginx-plus-json.heldout.log':
    '7b067f6d865605c2984f1dbc3897237a19b05c27413d96686b19827173aacc86',
  'system-logs/elastic-examples/nginx-plus-json.tuning.log':
    '729b1a93955b9745e958ddfd983e9db723c32fb58f50bc4c8a0c7e402f2d6cca',
  'system-logs/elastic-examples/openssh-auth.heldout.log':
    '1d6e4a9618e77a1ddf1343fd0866f2af37c5ee825c287e6dfc5a3ce041e1093d',
  'system-logs/elastic-examples/openssh-auth.tuning.log':
    'eb08a6fcdf595da76c30df52ff41e8f43de1c17742b64812b39825ff347a8569',
  'system-logs/lnav/github-events-json.heldout.log': 'c734ef69f2d479c8f9eba56a3526f3f30bdee599e6f8286493a0960a5bc959c4',
  'system-logs/lnav/github-events-json.tuning.log': '03b96255c22a54618d6488c852a218933012c43ccd36e5b968bf31d8ab4501d6',
  'system-logs/lnav/iis-w3c.heldout.log': '21624fdd9cf5fb6441ba4f082aa7516a84e5490fea536b4f2a6019bfbc664012',
  'system-logs/lnav/iis-w3c.tuning.log': 'afb27576c3cc711e7c5374d20a48117249deb464dbb4f996288b936d5ca4d92d',
  'system-logs/lnav/log-samples.heldout.log': '2ed3d70d313a2ec045396c5b4b9cab172c20ad1528b83d236e9f7ae702f7e327',
  'system-logs/lnav/log-samples.tuning.log': '50e48e5ca29d0f823312c8f5d2979d298c999acd6d3f5430af15e82215b5e64a',
  'system-logs/lnav/misc-app.heldout.log': '07f169154bdbc51fbf141b075b9ad5b314d50d7a8b0d826b8957744a51c5c53c',
  'system-logs/lnav/misc-app.tuning.log': 'd1b710c43b4fe4dfd6e4f1cdd8f3946b6cf9ee956bc6c399f97c7face31d755f',
  'system-logs/lnav/php-laravel.heldout.log': 'cb84e08b6ae7aef83564424784ce7538a9a3f89aca35f2c08b2bff5fd1dd0d8b',
  'system-logs/lnav/php-laravel.tuning.log': 'beb6f65e994a0f0dcc9236a85525f572372237477f1c282a2f32306f6bd408d7',
  'system-logs/lnav/shop-access.heldout.log': 'dd32c6cffd973cb5ded727ed310d068c09a8132982446deebc90105745df2224',
  'system-logs/lnav/shop-access.tuning.log': '4afef875a526dbaff9f5c373ac1d3e9d02a9f957c128cd7fd354e88882b66f1c',
  'system-logs/lnav/spark.heldout.log': '15ca64bbdd9ce5199866d12a65f2c46883ad0b0fa51ac2cc0a46e8bb1b0f517f',
  'system-logs/lnav/spark.tuning.log': '2cb78b266d0c94784ffd3c75ae8d7694c47d7097391cf50799f09488932d842e',
  'system-logs/lnav/strace.heldout.log': '4b9e97471ae833672fce5d58b725532ddf000a413cae551b7b740a392132e98a',
  'system-logs/lnav/strace.tuning.log': 'fca1a643a71720343c11e9a16b9d5e37055abb422d3f58587d39d33411b3a9b5',
  'system-logs/lnav/syslog.heldout.log': 'd4f6aff92b12915265abace07dca7310c774824faa1bd628f5125158c911b2d4',
  'system-logs/lnav/syslog.tuning.log': 'c7be5d7e3ec0e79439571747caa72fc0b070b6041b94af22764a597f77f142b7',
  'system-logs/lnav/zeek.heldout.log': '917de1cf3121f8229b8211267313710badffa225cc28dec6caaa86f5c64f41d5',
  'system-logs/lnav/zeek.tuning.log': 'ddc883a39e09cffd04151e96846af35a02d3a68ad863206b2da7a3f0c212a9ad',
  'system-logs/mtail/ftp-rsync.heldout.log': '9c880e0b2da152d052e436e5c70370193d72f5121cdb10e743ac4a2d71350db6',
  'system-logs/mtail/ftp-rsync.tuning.log': '2b6831eb15c2f697ab613da9a20b2d4b01521120bcd4b8b4d52897fec248f46d',
  'system-logs/mtail/web-misc.heldout.log': 'bdd6b75fd2a54add89914c94b4ec5179232169f9250401ef5a6a5a31a21e46c9',
  'system-logs/mtail/web-misc.tuning.log': '95cbdbb7282b1e9cda0ae885fc077bcee587a75ffd4b24b059de9afac6297ab4',
  'user-agents/uap-core/user-agents.heldout.txt': '61a9390acb138963560f0e0d9b6380993cae30ac1df5a54caaaa7da54992fd2a',
  'user-agents/uap-core/user-agents.tuning.txt': '8da3109163816fe0315900e5d4c08ec69384f3ff56d005d2cf5034a96439cd69',
};
