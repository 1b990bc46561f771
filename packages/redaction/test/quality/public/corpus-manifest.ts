/**
 * SHA-256 of every data file of the public corpora (`../corpus/public/`) the figures in BENCHMARKS.md were measured
 * on. Written by `derive/derive-corpora.ts`; the gate test checks it, so a figure is always tied to exactly this
 * data, and a re-derived corpus needs new figures.
 */
export const CORPUS_SHA256: Readonly<Record<string, string>> = {
  'pii/presidio-evaluator/sentences.heldout.jsonl': 'f5628d15514cec52966fa2807b451f6aa60bee8d6304eb0ea4db00b33aef5daf',
  'pii/presidio-evaluator/sentences.tuning.jsonl': '4cc2001803495175d518ec896bd81de40e01d1061f97757b52ff0e508092dcc0',
  'scanner-fixtures/gitleaks/cases.heldout.jsonl': '372e8bf4bd3dcda22c007132b53e11a30338fd8f445807bcd5ac45361addf67d',
  'scanner-fixtures/gitleaks/cases.tuning.jsonl': '4555e9a2d5913d7b9114ee9545341b8de7076e49f3334d7b602e4a898eac4a6d',
  'system-logs/crowdsec-hub/apps.heldout.log': 'b9fb438d8ec06d2eefd047c14e58eccd3a06c1de404166df3ac482e303c41823',
  'system-logs/crowdsec-hub/apps.tuning.log': '4bc321bea405b2c2c0f1a5941e10cfcdc0a0e803bec39024ae9f295b545eb203',
  'system-logs/crowdsec-hub/auth.heldout.log': '72bf912b556e0275e266fd8908301771759dea19f67d858399fd20e75858f822',
  'system-logs/crowdsec-hub/auth.tuning.log': 'ebb6df23feb32085966de1329802173a0dc27712a818688cc894604caaf7271a',
  'system-logs/crowdsec-hub/ftp-db.heldout.log': 'd632d4a31b7aa64007ba25b028a35e59a3c7911ebfc396553d445308a766c7f4',
  'system-logs/crowdsec-hub/ftp-db.tuning.log': 'df5ce91934e93bc30a5a9c2addce3e94a991726c88dbc18eea3adddc90a4fe6b',
  'system-logs/crowdsec-hub/mail.heldout.log': 'd235843a4ce8790edaa428b237123049053663fe7b422ee6dc837a48d191be82',
  'system-logs/crowdsec-hub/mail.tuning.log': '0995a7f216193c2a70e92ccb3a4f272e0e047dcfb4dc331bee2ce22dad46cdc9',
  'system-logs/crowdsec-hub/network-firewall.heldout.log':
    'abf47df1009f6258a93607b8d5d08f29c01b2a54cc91b8ffc2ef8e22340be4ab',
  'system-logs/crowdsec-hub/network-firewall.tuning.log':
    '941f694618275cdb57c66dc430351cd22c6c7827bd0389a8aa6f6bf121747343',
  'system-logs/crowdsec-hub/web.heldout.log': '4adc2afef4c744b1766dd46666e9f1f279de603d4424dcfa6e42a82680b279f3',
  'system-logs/crowdsec-hub/web.tuning.log': '40c1efeacf3baf0c6e0ba1a96bb95a29a675882081c7f6a69137bbc343e5c003',
  'system-logs/lnav/iis-w3c.heldout.log': 'fa1b4eeb57f9e51a293ba92897c8a4ea63b16887db989425d9a368227068f298',
  'system-logs/lnav/iis-w3c.tuning.log': '3f27ddcdfc06af28204d5b518cb86f438d845c4423ffe93e5c792dd44734f615',
  'system-logs/lnav/json.heldout.log': '768bd515c0edfa226c5b12c61c644e63cb44bdea1782db592c9c1cd1f8775505',
  'system-logs/lnav/json.tuning.log': '619dbdb36014e06914b47ac7fe08ec9ac2a29b086adcceb393d3001072f0ca5c',
  'system-logs/lnav/log-samples.heldout.log': '624276c47189e432761f5c5792b66d8ad6701da1d07cc76a48a54833a875c254',
  'system-logs/lnav/log-samples.tuning.log': '31baf7f6bd8bf5a92908bd32069da11f61a67ee1ca19100834b122676d812845',
  'system-logs/lnav/misc-app.heldout.log': '2c5e73164199c9a118da501525734209e1a55f2d0039c13ba771c3da39af9bf4',
  'system-logs/lnav/misc-app.tuning.log': '0aca17ef4e18bc2e882e8a400940548e2f019e6a66cc6981ae333fb700cfe45a',
  'system-logs/lnav/shop-access.heldout.log': 'dd32c6cffd973cb5ded727ed310d068c09a8132982446deebc90105745df2224',
  'system-logs/lnav/shop-access.tuning.log': '4afef875a526dbaff9f5c373ac1d3e9d02a9f957c128cd7fd354e88882b66f1c',
  'system-logs/lnav/syslog.heldout.log': 'd62889bdcb4a856bb2afc05108c0916a551be223c384c19b15dd57197925cb8e',
  'system-logs/lnav/syslog.tuning.log': '2f23e9d19d2ce1f4bd2dbed9bc5b7c787534ed3a52b91c23e53eeee4b7215f0a',
  'system-logs/lnav/zeek.heldout.log': '8f6c7f85a18a584b7aac560a43665e0a48f6c3ad69ed2d5c3950673d8667e982',
  'system-logs/lnav/zeek.tuning.log': '28dc0a8b4f258c79419914ce66613cc0dda50a49c37c78119fcff3a8081d8746',
  'system-logs/mtail/dhcpd.heldout.log': '551cd7c19d5663e858d2b3b63914a5a5f356f8206f4527ea903221e36752f38a',
  'system-logs/mtail/dhcpd.tuning.log': 'e2ba10b67a7d197aa0bee7032337c14016124597c87352f46bd2d2e9d5761adf',
  'system-logs/mtail/ftp-rsync.heldout.log': '9c880e0b2da152d052e436e5c70370193d72f5121cdb10e743ac4a2d71350db6',
  'system-logs/mtail/ftp-rsync.tuning.log': '2b6831eb15c2f697ab613da9a20b2d4b01521120bcd4b8b4d52897fec248f46d',
  'system-logs/mtail/web-misc.heldout.log': 'bdd6b75fd2a54add89914c94b4ec5179232169f9250401ef5a6a5a31a21e46c9',
  'system-logs/mtail/web-misc.tuning.log': 'be1377b0c39933ae18507c9eb502be675a13c46d58f6d28195d6c2ab3b035605',
  'user-agents/npm-user-agents/user-agents.heldout.txt':
    'f6ffc559c39631df3a2c57dc963039c5b9860738ae3c0ec1f9706fdcacae5f50',
  'user-agents/npm-user-agents/user-agents.tuning.txt':
    'd7df4ebd6f705243b9c53b25aa0b935a744834f67a28eb53bf8edd35e7744f0e',
};
