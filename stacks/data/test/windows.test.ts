/** The database's automated backup window, its maintenance window and the AWS Backup daily job never overlap. */
import { DAILY_COMPLETION_WINDOW, DAILY_SCHEDULE, DAILY_START_WINDOW } from "../src/backup";
import { RDS_BACKUP_WINDOW, RDS_MAINTENANCE_WINDOW } from "../src/database";

const DAY = 24 * 60;
const WEEK = 7 * DAY;
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const minutes = (hhmm: string) => {
    const [h, m] = hhmm.split(":").map(Number);
    return h * 60 + m;
};
type Interval = [number, number];

/** Weekly minute intervals of a daily `hh:mm-hh:mm` window. */
const daily = (window: string): Interval[] => {
    const [a, b] = window.split("-").map(minutes);
    return DAYS.map((_d, i) => [i * DAY + a, i * DAY + (b > a ? b : b + DAY)]);
};
/** The minute interval of a weekly `ddd:hh:mm-ddd:hh:mm` window. */
const weekly = (window: string): Interval[] => {
    const [from, to] = window.split("-").map((p) => {
        const [d, ...hm] = p.split(":");
        return DAYS.indexOf(d) * DAY + minutes(hm.join(":"));
    });
    return [[from, to > from ? to : to + WEEK]];
};
/** The AWS Backup job of a daily `cron(m h ? * * *)`: from its start until its completion window ends. */
const backupJob = (cron: string): Interval[] => {
    const m = /^cron\((\d+) (\d+) \? \* \* \*\)$/.exec(cron);
    if (!m) throw new Error(`not a daily cron: ${cron}`);
    const start = Number(m[2]) * 60 + Number(m[1]);
    return daily(`${String(Math.floor(start / 60)).padStart(2, "0")}:${String(start % 60).padStart(2, "0")}-00:00`).map(
        ([s]): Interval => [s, s + DAILY_START_WINDOW + DAILY_COMPLETION_WINDOW],
    );
};
const overlaps = (x: Interval[], y: Interval[]) =>
    x.some(([a, b]) => y.some(([c, d]) => [0, WEEK, -WEEK].some((shift) => a < d + shift && c + shift < b)));

it("the RDS backup window, the RDS maintenance window and the daily AWS Backup job are disjoint", () => {
    const rdsBackup = daily(RDS_BACKUP_WINDOW);
    const maintenance = weekly(RDS_MAINTENANCE_WINDOW);
    const job = backupJob(DAILY_SCHEDULE);
    expect([overlaps(rdsBackup, maintenance), overlaps(job, maintenance), overlaps(job, rdsBackup)]).toEqual([
        false,
        false,
        false,
    ]);
    // The checker itself: the former Sunday 05:00-06:00 window met the 05:00 daily job.
    expect(overlaps(job, weekly("sun:05:00-sun:06:00"))).toBe(true);
    expect(overlaps(rdsBackup, weekly("sat:03:30-sat:04:30"))).toBe(true);
});
