/**
 * Wraps text for a terminal: long lists in error messages (every declared key,
 * every known stack) stay readable instead of running off as one line.
 */
export function wrapText(text: string, width = 100, indent = ""): string {
    const out: string[] = [];
    for (const paragraph of text.split("\n")) {
        const lead = /^ */.exec(paragraph)![0];
        let line = lead;
        for (const word of paragraph.slice(lead.length).split(" ")) {
            if (line.trim() !== "" && line.length + 1 + word.length > width) {
                out.push(line);
                line = indent + word;
            } else {
                line = line.trim() === "" ? line + word : `${line} ${word}`;
            }
        }
        out.push(line);
    }
    return out.join("\n");
}
