// Command pulumi-language-nodejs is this project's Node.js language host for the
// engine-level test run (npm run e2e).
//
// The official host is the module
// github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3, which the Go
// module proxy reachable from this project's machines refuses ("403 Forbidden:
// This module version is not available", for every version). So this host
// implements the same LanguageRuntime gRPC contract, from the published sdk/v3
// module at the CLI's version, for what `pulumi preview/up/destroy` and
// `--policy-pack` ask of a Node.js host:
//
//   - Handshake / GetPluginInfo / GetRequiredPlugins / GetRequiredPackages;
//   - Run: starts @pulumi/pulumi/cmd/run (the SDK's own program runner, from the
//     program's node_modules) with the engine's monitor address, the config bag
//     in PULUMI_CONFIG, and the Pulumi.yaml runtime options `typescript`,
//     `tsconfig` and `nodeargs` mapped as the official host maps them;
//   - RunPlugin: starts @pulumi/pulumi/cmd/run-policy-pack for a policy pack
//     (kind analyzer), behind the SDK's PolicyProxy so the pack sees the stack
//     configuration, or cmd/run-plugin for other plugin kinds;
//   - InstallDependencies is a no-op: the repository's `npm ci` installs them.
//
// Everything the program does after it starts is the real SDK and the real engine.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// exitAfterActionableMessage is the SDK runner's exit code for "the user already
// got an actionable message" (cmd/run/run.ts): report no extra error, just bail.
const exitAfterActionableMessage = 32

func main() {
	flag.String("tracing", "", "Emit tracing to a Zipkin-compatible endpoint (accepted, unused)")
	flag.String("root", "", "Project root (accepted for compatibility; the engine also sends it in ProgramInfo)")
	flag.Bool("typescript", true, "Accepted for compatibility; the Pulumi.yaml option decides")
	flag.Parse()

	host := &nodeHost{}
	if args := flag.Args(); len(args) > 0 {
		host.engineAddress = args[0]
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start the language host RPC server: %w", err))
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host RPC stopped serving: %w", err))
	}
}

type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	mu            sync.Mutex
	engineAddress string
}

func (h *nodeHost) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

func (h *nodeHost) Handshake(
	ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	h.engineAddress = req.GetEngineAddress()
	h.mu.Unlock()
	// Exit when the engine goes away, as the official host does.
	hctx, cancel := context.WithCancel(context.Background())
	if err := rpcutil.Healthcheck(hctx, req.GetEngineAddress(), 5*time.Minute, cancel); err != nil {
		cancel()
		return nil, err
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *nodeHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// runtimeOptions are the Pulumi.yaml `runtime.options` of a nodejs project that
// this host honours, with the official host's names and defaults.
type runtimeOptions struct {
	typescript bool
	tsconfig   string
	nodeargs   []string
}

func parseOptions(info *pulumirpc.ProgramInfo) (runtimeOptions, error) {
	opts := runtimeOptions{typescript: true}
	if info == nil || info.GetOptions() == nil {
		return opts, nil
	}
	for k, v := range info.GetOptions().AsMap() {
		switch k {
		case "typescript":
			b, ok := v.(bool)
			if !ok {
				return opts, fmt.Errorf("runtime option typescript must be a boolean, got %v", v)
			}
			opts.typescript = b
		case "tsconfig":
			s, ok := v.(string)
			if !ok {
				return opts, fmt.Errorf("runtime option tsconfig must be a string, got %v", v)
			}
			opts.tsconfig = s
		case "nodeargs":
			s, ok := v.(string)
			if !ok {
				return opts, fmt.Errorf("runtime option nodeargs must be a string, got %v", v)
			}
			opts.nodeargs = strings.Fields(s)
		case "packagemanager":
			// Only npm is used here; dependencies are installed by `npm ci` beforehand.
		default:
			return opts, fmt.Errorf("unknown nodejs runtime option %q (known: typescript, tsconfig, nodeargs, packagemanager)", k)
		}
	}
	return opts, nil
}

func (o runtimeOptions) env() []string {
	var env []string
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfig)
	}
	return env
}

// locateModule resolves a module (e.g. @pulumi/pulumi/cmd/run) from dir, the way
// node itself would from the program, so the program's own SDK runs it.
func locateModule(ctx context.Context, node, mod, dir string) (string, error) {
	if path, ok := resolveFolderModule(mod, dir); ok {
		return path, nil
	}
	cmd := exec.CommandContext(ctx, node, "-e", fmt.Sprintf("console.log(require.resolve(%q))", mod))
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("cannot resolve %s from %s (is the project's npm ci done?): %w", mod, dir, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// resolveFolderModule answers what locateModule asks node for without starting
// node (about 70 ms of CPU, once for every program and every policy pack the
// engine starts), in the one case it is asked: mod is a folder with an index.js
// in a package without "exports". That is Node's CommonJS resolution
// (https://nodejs.org/api/modules.html#all-together): LOAD_NODE_MODULES looks in
// each node_modules folder from dir up, skipping folders named node_modules;
// there, a package without "exports" takes LOAD_AS_FILE, then LOAD_AS_DIRECTORY,
// whose index.js is the answer when the folder has no package.json; and
// require.resolve returns the real path. In every other case (the package has
// "exports", a file answers first, the folder has a package.json, the package
// holds no such folder) ok is false and node resolves it.
func resolveFolderModule(mod, dir string) (string, bool) {
	parts := strings.Split(mod, "/")
	name := 1
	if strings.HasPrefix(mod, "@") {
		name = 2
	}
	if len(parts) <= name {
		return "", false
	}
	pkg, sub := filepath.Join(parts[:name]...), filepath.Join(parts[name:]...)
	for d := dir; ; d = filepath.Dir(d) {
		if filepath.Base(d) != "node_modules" {
			root := filepath.Join(d, "node_modules", pkg)
			if info, err := os.Stat(root); err == nil && info.IsDir() {
				return folderIndex(root, sub)
			}
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// folderIndex is sub's index.js in the installed package at root, if Node would
// load that and nothing else for it.
func folderIndex(root, sub string) (string, bool) {
	data, err := os.ReadFile(filepath.Join(root, "package.json"))
	if err != nil {
		return "", false
	}
	var manifest map[string]json.RawMessage
	if json.Unmarshal(data, &manifest) != nil {
		return "", false
	}
	if _, ok := manifest["exports"]; ok {
		return "", false
	}
	target := filepath.Join(root, sub)
	for _, ext := range []string{"", ".js", ".json", ".node"} {
		if info, err := os.Stat(target + ext); err == nil && !info.IsDir() {
			return "", false
		}
	}
	if _, err := os.Stat(filepath.Join(target, "package.json")); err == nil {
		return "", false
	}
	index := filepath.Join(target, "index.js")
	if info, err := os.Stat(index); err != nil || info.IsDir() {
		return "", false
	}
	real, err := filepath.EvalSymlinks(index)
	if err != nil {
		return "", false
	}
	return real, true
}

// GetRequiredPlugins lists the resource plugins of the Pulumi packages the program
// can load: node_modules packages whose package.json has "pulumi": {"resource": true},
// searched from the program directory up to the filesystem root (npm workspaces hoist
// them to the repository root).
func (h *nodeHost) GetRequiredPlugins(
	ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	deps, err := pulumiPackages(req.GetInfo().GetProgramDirectory())
	if err != nil {
		return nil, err
	}
	var plugins []*pulumirpc.PluginDependency
	for _, d := range deps {
		plugins = append(plugins, &pulumirpc.PluginDependency{Name: d.name, Kind: "resource", Version: d.version, Server: d.server})
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

func (h *nodeHost) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	deps, err := pulumiPackages(req.GetInfo().GetProgramDirectory())
	if err != nil {
		return nil, err
	}
	var packages []*pulumirpc.PackageDependency
	for _, d := range deps {
		packages = append(packages, &pulumirpc.PackageDependency{Name: d.name, Kind: "resource", Version: d.version, Server: d.server})
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: packages}, nil
}

type pulumiPackage struct{ name, version, server string }

func pulumiPackages(dir string) ([]pulumiPackage, error) {
	seen := map[string]bool{}
	var out []pulumiPackage
	for d := dir; ; d = filepath.Dir(d) {
		nm := filepath.Join(d, "node_modules")
		entries, err := os.ReadDir(nm)
		if err == nil {
			for _, e := range entries {
				var candidates []string
				if strings.HasPrefix(e.Name(), "@") {
					scoped, err := os.ReadDir(filepath.Join(nm, e.Name()))
					if err != nil {
						continue
					}
					for _, s := range scoped {
						candidates = append(candidates, filepath.Join(nm, e.Name(), s.Name()))
					}
				} else {
					candidates = append(candidates, filepath.Join(nm, e.Name()))
				}
				for _, c := range candidates {
					p, ok, err := readPulumiPackage(filepath.Join(c, "package.json"))
					if err != nil {
						return nil, err
					}
					if ok && !seen[p.name] {
						seen[p.name] = true
						out = append(out, p)
					}
				}
			}
		}
		if parent := filepath.Dir(d); parent == d {
			break
		}
	}
	return out, nil
}

func readPulumiPackage(path string) (pulumiPackage, bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return pulumiPackage{}, false, nil
	}
	var info struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		Pulumi  struct {
			Resource bool   `json:"resource"`
			Name     string `json:"name"`
			Version  string `json:"version"`
			Server   string `json:"server"`
		} `json:"pulumi"`
	}
	if err := json.Unmarshal(b, &info); err != nil {
		return pulumiPackage{}, false, fmt.Errorf("reading %s: %w", path, err)
	}
	if !info.Pulumi.Resource {
		return pulumiPackage{}, false, nil
	}
	name := info.Pulumi.Name
	if name == "" {
		name = strings.TrimPrefix(strings.TrimPrefix(info.Name, "@pulumi/"), "@")
	}
	v := info.Pulumi.Version
	if v == "" {
		v = info.Version
	}
	if !strings.HasPrefix(v, "v") {
		v = "v" + v
	}
	return pulumiPackage{name: name, version: v, server: info.Pulumi.Server}, true, nil
}

func (h *nodeHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	return server.Send(&pulumirpc.InstallDependenciesResponse{
		Stdout: []byte("dependencies are installed by the repository's npm ci\n"),
	})
}

func (h *nodeHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, err
	}
	out, _ := exec.CommandContext(ctx, node, "--version").Output()
	return &pulumirpc.AboutResponse{Executable: node, Version: strings.TrimSpace(string(out))}, nil
}

func (h *nodeHost) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

// Run executes a stack program with the SDK's runner.
func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on the $PATH: " + err.Error()}, nil
	}
	info := req.GetInfo()
	opts, err := parseOptions(info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	runPath, err := locateModule(ctx, node, "@pulumi/pulumi/cmd/run", info.GetProgramDirectory())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args := append([]string{}, opts.nodeargs...)
	args = append(args, runPath)
	add := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engine())
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("root-directory", info.GetRootDirectory())
	add("stack", req.GetStack())
	add("pwd", info.GetProgramDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	add("parallel", strconv.Itoa(int(req.GetParallel())))
	entry := info.GetEntryPoint()
	if entry == "" {
		entry = "."
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	// The runner accepts config keys as <namespace>:<name> or the legacy
	// <namespace>:config:<name>; the official host sends the legacy form.
	cfg := make(map[string]string, len(req.GetConfig()))
	for k, v := range req.GetConfig() {
		key, err := config.ParseKey(k)
		if err != nil {
			return &pulumirpc.RunResponse{Error: err.Error()}, nil
		}
		cfg[key.Namespace()+":config:"+key.Name()] = v
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = info.GetProgramDirectory()
	cmd.Env = append(os.Environ(), "PULUMI_CONFIG="+string(cfgJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON))
	cmd.Env = append(cmd.Env, opts.env()...)
	// Node may switch its stdio to non-blocking mode; copy through writers
	// instead of handing it this process's descriptors.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitAfterActionableMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: "could not run node: " + err.Error()}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// RunPlugin runs a plugin written in Node.js: for the engine, a policy pack
// (kind analyzer) started from its PulumiPolicy.yaml folder.
func (h *nodeHost) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	node, err := exec.LookPath("node")
	if err != nil {
		return err
	}
	info := req.GetInfo()
	opts, err := parseOptions(info)
	if err != nil {
		return err
	}
	analyzer := req.GetKind() == "analyzer"
	mod := "@pulumi/pulumi/cmd/run-plugin"
	if analyzer {
		mod = "@pulumi/pulumi/cmd/run-policy-pack"
	}
	runPath, err := locateModule(ctx, node, mod, info.GetProgramDirectory())
	if err != nil {
		return err
	}
	args := []string{runPath}
	args = append(args, opts.nodeargs...)
	// A policy pack takes the engine address first and its folder last.
	if analyzer {
		args = append(args, req.GetArgs()...)
		args = append(args, info.GetProgramDirectory())
	} else {
		args = append(args, info.GetProgramDirectory())
		args = append(args, req.GetArgs()...)
	}
	env := append(append([]string{}, req.GetEnv()...), opts.env()...)

	var proxy *sdk.PolicyProxy
	if analyzer {
		// The proxy answers the engine's ConfigureStack first, so the pack starts
		// with the stack's project, stack name and config in its environment.
		proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout)
		if err != nil {
			return fmt.Errorf("could not start the policy pack proxy: %w", err)
		}
		stack, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("could not get the stack configuration: %w", err)
		}
		if stack != nil {
			set := func(k, v string) {
				if v != "" {
					env = append(env, k+"="+v)
				}
			}
			set("PULUMI_NODEJS_ORGANIZATION", stack.GetOrganization())
			set("PULUMI_NODEJS_PROJECT", stack.GetProject())
			set("PULUMI_NODEJS_STACK", stack.GetStack())
			set("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(stack.GetDryRun()))
			if stack.GetConfig() != nil {
				b, err := json.Marshal(stack.GetConfig())
				if err != nil {
					return err
				}
				set("PULUMI_CONFIG", string(b))
			}
		}
	}

	cmd := exec.CommandContext(ctx, node, args...)
	if analyzer {
		// Policy packs run in their own folder, so their own node_modules resolve.
		cmd.Dir = info.GetProgramDirectory()
	} else {
		cmd.Dir = req.GetPwd()
	}
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not start the plugin: %w", err)
	}
	if proxy != nil {
		err = proxy.Attach(ctx, cmd)
	} else {
		err = cmd.Wait()
	}
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return fmt.Errorf("plugin exited with non-zero exit code: %d", exitErr.ExitCode())
		}
		if ctx.Err() != nil {
			// The engine ends a plugin by cancelling this stream.
			return nil
		}
		return err
	}
	return closer.Close()
}

// Cancel is accepted: the engine cancels the Run request's context, which ends the node process.
func (h *nodeHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}
