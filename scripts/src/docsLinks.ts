/**
 * Checks the Markdown docs the way a reader follows them (scripts/test/docs-links.test.ts runs it
 * over the repository): every relative link points at a file that exists, every `#anchor` is a
 * heading of its target as GitHub names it, every `npm run <script>` shown in code exists in the
 * package.json it runs from, and every page the README is the front door for can be reached from it.
 *
 * Pure over a `DocsTree`, so a test can hand it a fixture instead of editing the real docs.
 */
import * as fs from "fs";
import * as path from "path";

/** The files the checker may look at, by repository-relative POSIX path. */
export interface DocsTree {
    /** The text of a file, or undefined when there is no file at that path. */
    readonly read: (rel: string) => string | undefined;
    /** Whether a file or a folder exists at that path. */
    readonly exists: (rel: string) => boolean;
}

export interface DocsCheckOptions {
    /** The Markdown files whose links, anchors and commands are checked. */
    readonly checked: readonly string[];
    /** The page every other page must be reachable from, following relative links. */
    readonly entry: string;
    /** The pages that must be reachable from `entry` and must link back to it before their first section. */
    readonly pages: readonly string[];
}

export interface DocsCheckResult {
    /** One line per problem: `file:line: what is wrong`. */
    readonly problems: string[];
    /** What was checked, so a run that checked nothing cannot pass unnoticed. */
    readonly counts: { readonly links: number; readonly anchors: number; readonly npmRuns: number };
}

// github-slugger (what GitHub uses for heading ids) lowercases the text, removes every character
// of the Unicode categories it strips (punctuation other than "-" and "_", symbols, controls,
// separators other than the space), and turns each space into "-". This keeps letters, marks,
// decimal and letter numbers, connector punctuation, "-" and " ".
const SLUG_REMOVE = /[^\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc} -]/gu;

/** The id GitHub gives a heading whose rendered text is `text` (before duplicates are numbered). */
export function githubSlug(text: string): string {
    return text.toLowerCase().replace(SLUG_REMOVE, "").replace(/ /g, "-");
}

/** A heading's text as GitHub renders it: links and images by their text, no code or emphasis marks, no HTML tags. */
export function headingText(raw: string): string {
    return raw
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
        .replace(/<[^>]+>/g, "")
        .replace(/`/g, "")
        .replace(/\*+/g, "")
        .trim();
}

interface Line {
    readonly n: number;
    readonly text: string;
    /** Inside a fenced code block (the fence lines themselves included). */
    readonly code: boolean;
}

function linesOf(text: string): Line[] {
    const out: Line[] = [];
    let fence: string | undefined;
    text.split("\n").forEach((text, i) => {
        const m = /^ *(`{3,}|~{3,})/.exec(text);
        if (fence === undefined && m) {
            fence = m[1];
            out.push({ n: i + 1, text, code: true });
        } else if (fence !== undefined) {
            out.push({ n: i + 1, text, code: true });
            if (m && m[1][0] === fence[0] && m[1].length >= fence.length && text.trim() === m[1]) fence = undefined;
        } else out.push({ n: i + 1, text, code: false });
    });
    return out;
}

/** Every heading id of a Markdown file, duplicates numbered -1, -2, ... as GitHub numbers them. */
export function anchorsOf(markdown: string): Set<string> {
    const seen = new Map<string, number>();
    const out = new Set<string>();
    for (const line of linesOf(markdown)) {
        if (line.code) continue;
        for (const m of line.text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) out.add(m[1]);
        const h = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line.text);
        if (!h) continue;
        const base = githubSlug(headingText(h[1]));
        let slug = base;
        while (seen.has(slug)) {
            const n = seen.get(base)! + 1;
            seen.set(base, n);
            slug = `${base}-${n}`;
        }
        seen.set(slug, 0);
        out.add(slug);
    }
    return out;
}

export interface Link {
    readonly target: string;
    readonly line: number;
}

/** Inline links, images and reference definitions outside code; inline code spans are not links. */
export function linksOf(markdown: string): Link[] {
    const out: Link[] = [];
    for (const line of linesOf(markdown)) {
        if (line.code) continue;
        const text = line.text.replace(/(`+)[^`]*?\1/g, "");
        for (const m of text.matchAll(/!?\[(?:[^\]]|\](?!\())*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
            out.push({ target: m[1], line: line.n });
        const def = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(text);
        if (def) out.push({ target: def[1], line: line.n });
    }
    return out;
}

export interface NpmRun {
    readonly script: string;
    /** The workspace named by `-w` / `--workspace`, if any. */
    readonly workspace?: string;
    readonly line: number;
}

/** Every `npm run <script>` in fenced code blocks (outside shell comments) and inline code spans. */
export function npmRunsOf(markdown: string): NpmRun[] {
    const out: NpmRun[] = [];
    const scan = (code: string, line: number): void => {
        for (const m of code.matchAll(/\bnpm\s+run(?:-script)?\b([^;&|`)\n#]*)/g)) {
            const words = m[1].trim().split(/\s+/).filter(Boolean);
            let script: string | undefined;
            let workspace: string | undefined;
            for (let i = 0; i < words.length; i++) {
                const w = words[i];
                if (w === "--") break;
                const ws = /^(?:-w|--workspace)(?:=(.+))?$/.exec(w);
                if (ws) workspace = ws[1] ?? words[++i];
                else if (w.startsWith("-")) continue;
                else if (script === undefined) script = w;
            }
            if (script !== undefined) out.push({ script, workspace, line });
        }
    };
    for (const line of linesOf(markdown)) {
        // A shell comment in a code block is prose about the command, not a command.
        if (line.code) scan(line.text.replace(/(^|\s)#.*$/, ""), line.n);
        else for (const m of line.text.matchAll(/(`+)([^`]+?)\1/g)) scan(m[2], line.n);
    }
    return out;
}

/**
 * The package.json files an `npm run` shown in `file` may run against: the workspace folder `-w`
 * names (relative to the repository root); otherwise the root's, and for a file inside a
 * workspace (a package's own README) also that package's, where the command is typed in its folder.
 */
export function packageFilesFor(tree: DocsTree, file: string, workspace?: string): string[] {
    if (workspace !== undefined) return [path.posix.join(path.posix.normalize(workspace), "package.json")];
    for (let dir = path.posix.dirname(file); dir !== "."; dir = path.posix.dirname(dir)) {
        const own = path.posix.join(dir, "package.json");
        if (tree.read(own) !== undefined) return ["package.json", own];
    }
    return ["package.json"];
}

/** The script names of a package.json, or undefined when there is none. */
export function scriptsOf(tree: DocsTree, packageFile: string): Set<string> | undefined {
    const text = tree.read(packageFile);
    if (text === undefined) return undefined;
    return new Set(Object.keys((JSON.parse(text) as { scripts?: Record<string, string> }).scripts ?? {}));
}

function isExternal(target: string): boolean {
    return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//");
}

/** Checks `options.checked` in `tree`; see the file comment for what is checked. */
export function checkDocs(tree: DocsTree, options: DocsCheckOptions): DocsCheckResult {
    const problems: string[] = [];
    const counts = { links: 0, anchors: 0, npmRuns: 0 };
    const anchorCache = new Map<string, Set<string>>();
    const anchors = (rel: string): Set<string> | undefined => {
        if (!anchorCache.has(rel)) {
            const text = tree.read(rel);
            if (text === undefined) return undefined;
            anchorCache.set(rel, anchorsOf(text));
        }
        return anchorCache.get(rel);
    };
    /** Markdown pages each checked page links to (for reachability). */
    const edges = new Map<string, Set<string>>();

    for (const file of options.checked) {
        const text = tree.read(file);
        if (text === undefined) {
            problems.push(`${file}: missing`);
            continue;
        }
        const targets = new Set<string>();
        edges.set(file, targets);
        for (const link of linksOf(text)) {
            if (isExternal(link.target)) continue;
            counts.links++;
            const at = `${file}:${link.line}`;
            const hash = link.target.indexOf("#");
            const pathPart = decodeURI(hash < 0 ? link.target : link.target.slice(0, hash));
            const anchor = hash < 0 ? undefined : decodeURIComponent(link.target.slice(hash + 1));
            if (pathPart.startsWith("/")) {
                problems.push(`${at}: ${link.target}: link relative to the file, not to the site root`);
                continue;
            }
            const resolved = pathPart === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), pathPart));
            if (resolved.startsWith("../") || resolved === "..") {
                problems.push(`${at}: ${link.target} points outside the repository`);
                continue;
            }
            const target = resolved.replace(/\/$/, "");
            if (!tree.exists(target)) {
                problems.push(`${at}: ${link.target}: no file ${target}`);
                continue;
            }
            if (target.endsWith(".md")) targets.add(target);
            if (anchor === undefined) continue;
            counts.anchors++;
            const ids = target.endsWith(".md") ? anchors(target) : undefined;
            if (ids === undefined)
                problems.push(`${at}: ${link.target}: #${anchor} on ${target}, which has no headings to point at`);
            else if (!ids.has(anchor))
                problems.push(`${at}: ${link.target}: ${target} has no heading with the anchor #${anchor}`);
        }
        for (const run of npmRunsOf(text)) {
            counts.npmRuns++;
            const where = packageFilesFor(tree, file, run.workspace);
            const scripts = where.map((f) => scriptsOf(tree, f));
            if (scripts.some((s) => s?.has(run.script))) continue;
            if (scripts.every((s) => s === undefined))
                problems.push(`${file}:${run.line}: npm run ${run.script}: no ${where.join(" or ")}`);
            else
                problems.push(
                    `${file}:${run.line}: npm run ${run.script}: ${where.join(" or ")} has no script "${run.script}" ` +
                        `(known: ${[...new Set(scripts.flatMap((s) => [...(s ?? [])]))].sort().join(", ")})`,
                );
        }
    }

    const reached = new Set([options.entry]);
    const queue = [options.entry];
    for (let page = queue.shift(); page !== undefined; page = queue.shift()) {
        for (const next of edges.get(page) ?? []) {
            if (reached.has(next)) continue;
            reached.add(next);
            queue.push(next);
        }
    }
    for (const page of options.pages) {
        if (!reached.has(page)) problems.push(`${page}: not reachable from ${options.entry} through relative links`);
        const text = tree.read(page);
        if (text === undefined) continue;
        const intro = text.split(/^## /m)[0];
        const resolve = (target: string): string =>
            path.posix.normalize(path.posix.join(path.posix.dirname(page), target.split("#")[0]));
        const backToEntry = linksOf(intro).some((l) => !isExternal(l.target) && resolve(l.target) === options.entry);
        if (!backToEntry) problems.push(`${page}: its opening paragraph does not link back to ${options.entry}`);
    }
    return { problems, counts };
}

/** The repository on disk as a `DocsTree`. */
export function diskTree(root: string): DocsTree {
    return {
        read: (rel) => {
            const file = path.join(root, rel);
            return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ? fs.readFileSync(file, "utf8") : undefined;
        },
        exists: (rel) => fs.existsSync(path.join(root, rel)),
    };
}

/** The repository's docs: the README, every page under docs/, and the policy pack's README (it links into docs/). */
export function repositoryDocs(root: string): DocsCheckOptions {
    const pages: string[] = [];
    const walk = (rel: string): void => {
        for (const e of fs
            .readdirSync(path.join(root, rel), { withFileTypes: true })
            .sort((a, b) => a.name.localeCompare(b.name))) {
            const child = path.posix.join(rel, e.name);
            if (e.isDirectory()) walk(child);
            else if (e.name.endsWith(".md")) pages.push(child);
        }
    };
    walk("docs");
    return { checked: ["README.md", ...pages, "policy-pack/README.md"], entry: "README.md", pages };
}
