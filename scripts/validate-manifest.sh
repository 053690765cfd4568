#!/usr/bin/env bash
# Microsoft's own validator on the Teams app manifest, offline: `atk validate --manifest-file`
# from @microsoft/m365agentstoolkit-cli (the package-file mode needs a Microsoft 365 sign-in).
# atk is installed apart, from tools/atk's lock file, with --ignore-scripts: as a devDependency
# its keytar dependency would run prebuild-install (a download) then fail to build without
# libsecret, failing npm ci. The script then checks that atk still refuses a broken manifest,
# so a validator that passes everything cannot go unnoticed. No network is used but the npm
# registry, for the install.
set -euo pipefail
cd "$(dirname "$0")/.."

tools="tools/atk"
atk="$tools/node_modules/.bin/atk"
wanted="$(node -p "require('./$tools/package.json').dependencies['@microsoft/m365agentstoolkit-cli']")"
installed="$(node -p "try { require('./$tools/node_modules/@microsoft/m365agentstoolkit-cli/package.json').version } catch { '' }")"
if [ "$installed" != "$wanted" ]; then
  npm ci --prefix "$tools" --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
fi

validate() {
  # scripts/offline.js refuses every lookup and connection but loopback (atk's experimentation
  # client and telemetry try to reach their hosts even with --telemetry false).
  CI=true NODE_OPTIONS="--require $PWD/scripts/offline.js" "$atk" validate --manifest-file "$1" \
    --telemetry false --interactive false </dev/null
}

out="$(mktemp)"
if ! validate manifest/manifest.json >"$out" 2>&1; then
  cat "$out"
  echo "atk validate: manifest/manifest.json FAILED"
  exit 1
fi
grep -E "passed|failed|Error|Warning" "$out" | sed 's/^/  /' || true

# The same manifest with a property the schema does not know on a bot command must be refused.
broken="$(mktemp -d)"
cp manifest/*.json manifest/*.png "$broken/"
node -e '
  const fs = require("fs"); const f = process.argv[1]; const m = JSON.parse(fs.readFileSync(f, "utf8"));
  m.bots[0].commandLists[0].commands[0].usage = "aide";
  fs.writeFileSync(f, JSON.stringify(m));
' "$broken/manifest.json"
if validate "$broken/manifest.json" >"$out" 2>&1 || ! grep -q 'Invalid value for key "bots"' "$out"; then
  cat "$out"
  echo "atk validate: a manifest with an unknown command property was not refused for it — the validator checks nothing"
  exit 1
fi
echo "atk validate: manifest/manifest.json passed; a broken copy (unknown command property) was refused"
