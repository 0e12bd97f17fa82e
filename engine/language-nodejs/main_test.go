package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// nodeResolve is what locateModule asked node for before resolveFolderModule:
// require.resolve(mod) from dir.
func nodeResolve(t *testing.T, mod, dir string) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH")
	}
	cmd := exec.Command(node, "-e", "console.log(require.resolve(process.argv[1]))", mod)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node could not resolve %s from %s: %v", mod, dir, err)
	}
	return strings.TrimSpace(string(out))
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestResolveFolderModuleAgreesWithNode(t *testing.T) {
	root := t.TempDir()
	// The layout of the repository: the package installed at the root, the program two folders down.
	write(t, filepath.Join(root, "node_modules", "@acme", "sdk", "package.json"), `{"name": "@acme/sdk", "main": "index.js"}`)
	write(t, filepath.Join(root, "node_modules", "@acme", "sdk", "cmd", "run", "index.js"), "")
	program := filepath.Join(root, "stacks", "network")
	write(t, filepath.Join(program, "index.ts"), "")
	// The engine-level run's copy: its node_modules entries are links to the repository's.
	copyRoot := t.TempDir()
	copyProgram := filepath.Join(copyRoot, "stacks", "network")
	write(t, filepath.Join(copyProgram, "index.ts"), "")
	if err := os.MkdirAll(filepath.Join(copyRoot, "node_modules"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "node_modules", "@acme"), filepath.Join(copyRoot, "node_modules", "@acme")); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct{ name, mod, dir string }{
		{"installed above the program", "@acme/sdk/cmd/run", program},
		{"from a folder named node_modules", "@acme/sdk/cmd/run", filepath.Join(root, "node_modules")},
		{"through a linked node_modules entry", "@acme/sdk/cmd/run", copyProgram},
	} {
		got, ok := resolveFolderModule(c.mod, c.dir)
		want := nodeResolve(t, c.mod, c.dir)
		if !ok || got != want {
			t.Errorf("%s: resolveFolderModule(%q) = %q, %v; node resolves %q", c.name, c.mod, got, ok, want)
		}
	}
}

func TestResolveFolderModuleLeavesOtherCasesToNode(t *testing.T) {
	root := t.TempDir()
	pkg := filepath.Join(root, "node_modules", "@acme", "sdk")
	write(t, filepath.Join(pkg, "package.json"), `{"name": "@acme/sdk"}`)
	write(t, filepath.Join(pkg, "cmd", "run", "index.js"), "")
	// A file answers before the folder.
	write(t, filepath.Join(pkg, "cmd", "file", "index.js"), "")
	write(t, filepath.Join(pkg, "cmd", "file.js"), "")
	// A folder with its own package.json may name another main.
	write(t, filepath.Join(pkg, "cmd", "main", "index.js"), "")
	write(t, filepath.Join(pkg, "cmd", "main", "package.json"), `{"main": "other.js"}`)
	write(t, filepath.Join(pkg, "cmd", "main", "other.js"), "")
	// A package with "exports" maps its subpaths itself.
	write(t, filepath.Join(root, "node_modules", "mapped", "package.json"), `{"exports": {"./cmd/run": "./lib/run.js"}}`)
	write(t, filepath.Join(root, "node_modules", "mapped", "cmd", "run", "index.js"), "")
	write(t, filepath.Join(root, "node_modules", "mapped", "lib", "run.js"), "")
	// A closer copy of the package without the folder: node goes on looking further up.
	nested := filepath.Join(root, "stacks", "api")
	write(t, filepath.Join(nested, "node_modules", "@acme", "sdk", "package.json"), `{"name": "@acme/sdk"}`)

	for _, c := range []struct{ name, mod, dir string }{
		{"a file before the folder", "@acme/sdk/cmd/file", root},
		{"a folder with a package.json", "@acme/sdk/cmd/main", root},
		{"a package with exports", "mapped/cmd/run", root},
		{"a closer copy without the folder", "@acme/sdk/cmd/run", nested},
		{"a package's main, not a folder", "@acme/sdk", root},
		{"nothing installed", "@acme/none/cmd/run", root},
	} {
		if got, ok := resolveFolderModule(c.mod, c.dir); ok {
			t.Errorf("%s: resolveFolderModule(%q) = %q; want it left to node", c.name, c.mod, got)
		}
	}
	// What node makes of three of them, which the host then asks it for.
	for mod, want := range map[string]string{
		"@acme/sdk/cmd/file": filepath.Join(pkg, "cmd", "file.js"),
		"@acme/sdk/cmd/main": filepath.Join(pkg, "cmd", "main", "other.js"),
		"mapped/cmd/run":     filepath.Join(root, "node_modules", "mapped", "lib", "run.js"),
	} {
		real, err := filepath.EvalSymlinks(want)
		if err != nil {
			t.Fatal(err)
		}
		if got := nodeResolve(t, mod, root); got != real {
			t.Errorf("node resolves %s to %s, expected %s", mod, got, real)
		}
	}
}

// The runner and the pack's runner as the e2e's programs and pack resolve them.
func TestResolveFolderModuleForThePulumiSdk(t *testing.T) {
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(repo, "stacks", "network")
	if _, err := os.Stat(filepath.Join(repo, "node_modules", "@pulumi", "pulumi")); err != nil {
		t.Skip("node_modules is not installed (npm ci)")
	}
	for _, mod := range []string{"@pulumi/pulumi/cmd/run", "@pulumi/pulumi/cmd/run-policy-pack"} {
		got, ok := resolveFolderModule(mod, dir)
		if want := nodeResolve(t, mod, dir); !ok || got != want {
			t.Errorf("resolveFolderModule(%q) = %q, %v; node resolves %q", mod, got, ok, want)
		}
	}
}
