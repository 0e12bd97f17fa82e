import { timingReport } from "../src/e2e/timing";

describe("timingReport", () => {
    const previews = [
        { stack: "global-iam/production", seconds: 6 },
        { stack: "network/production-us-east-1", seconds: 9 },
        { stack: "api/production-us-east-1", seconds: 12 },
    ];

    it("reports the engine's preview against the offline plan, wall and summed, and each stack", () => {
        const lines = timingReport({ planSeconds: 3, previewWallSeconds: 15, parallel: 3, previews });
        expect(lines[0]).toBe(
            "timing: offline plan of every stack 3.0 s; engine preview of every stack 15.0 s wall (3 at a time), " +
                "27.0 s summed over 3 stacks, median 9.0 s",
        );
        expect(lines[1]).toBe("timing: engine preview / offline plan = 5.0 (wall), 9.0 (summed)");
        expect(lines.slice(2)).toEqual([
            "timing:   global-iam/production           6.0 s",
            "timing:   network/production-us-east-1    9.0 s",
            "timing:   api/production-us-east-1       12.0 s",
        ]);
    });

    it("refuses a plan time of zero, which would make the ratio meaningless", () => {
        expect(() => timingReport({ planSeconds: 0, previewWallSeconds: 1, parallel: 1, previews })).toThrow(
            "timing: the offline plan's time must be above 0 s, got 0",
        );
    });
});
