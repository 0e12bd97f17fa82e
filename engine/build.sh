#!/usr/bin/env bash
# Builds the Pulumi CLI and this project's Node.js language host with the go
# command alone, at the version of @pulumi/pulumi the project pins, into a cache
# outside the repository. A rerun with the same version and go.sum is instant.
# Prints the folder holding `pulumi` and `pulumi-language-nodejs`.
#
#   engine/build.sh            build (or reuse) and print the bin folder
#   BASELINE_ENGINE_CACHE=DIR  cache root (default: ${XDG_CACHE_HOME:-~/.cache}/aws-secure-baseline/engine)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"

if ! command -v go >/dev/null 2>&1; then
    echo "engine/build.sh: the go command is not on PATH; install Go 1.26 or newer (the engine-level run builds the Pulumi CLI from source)" >&2
    exit 2
fi

# One version for the CLI, the SDK module and the npm package: the engine and the
# Node SDK speak one protocol revision.
version="v$(node -p "require('$repo/node_modules/@pulumi/pulumi/package.json').version" 2>/dev/null || true)"
if [ "$version" = "v" ]; then
    echo "engine/build.sh: node_modules/@pulumi/pulumi is missing; run npm ci first" >&2
    exit 2
fi
for mod in pkg sdk; do
    if ! grep -qE "github.com/pulumi/pulumi/$mod/v3 $version( // indirect)?\$" "$here/go.mod"; then
        echo "engine/build.sh: engine/go.mod must require github.com/pulumi/pulumi/$mod/v3 $version (the version of @pulumi/pulumi in package-lock.json)" >&2
        exit 2
    fi
done

cache_root="${BASELINE_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aws-secure-baseline/engine}"
stamp="$(cat "$here/go.mod" "$here/go.sum" "$here"/language-nodejs/*.go | sha256sum | cut -c1-16)"
bin="$cache_root/$version-$stamp/bin"
if [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-nodejs" ]; then
    echo "$bin"
    exit 0
fi

mkdir -p "$bin.partial"
cd "$here"
export GOFLAGS="${GOFLAGS:-} -mod=readonly"
echo "engine/build.sh: building pulumi $version and pulumi-language-nodejs into $bin (first run: several minutes)" >&2
start=$(date +%s)
go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
    -o "$bin.partial/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
    -o "$bin.partial/pulumi-language-nodejs" ./language-nodejs >&2
rm -rf "$bin"
mv "$bin.partial" "$bin"
echo "engine/build.sh: built in $(( $(date +%s) - start )) s" >&2
echo "$bin"
