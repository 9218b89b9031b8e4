// Print a dose calendar from the JSON export: the JavaScript example of docs/api/index.md.
// Usage: node example_calendar.mjs BASE ID START [COUNT]
// BASE is the export's address (https://.../api/v2/) or a local copy; START is YYYY-MM-DD.
import { readFile } from "node:fs/promises";

async function fetchJson(base, name) {
  if (/^https?:\/\//.test(base)) {
    const response = await fetch(new URL(name, base.endsWith("/") ? base : base + "/"));
    if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
    return response.json();
  }
  return JSON.parse(await readFile(`${base}/${name}`, "utf8"));
}

// Move forward: mo and a are calendar months and years; s, min, h, d, wk are exact. Dates are UTC.
function shift(when, value, unit) {
  if (unit === "mo" || unit === "a") {
    const months = when.getUTCMonth() + value * (unit === "a" ? 12 : 1);
    const last = new Date(Date.UTC(when.getUTCFullYear(), months + 1, 0)).getUTCDate();
    const out = new Date(when);
    out.setUTCFullYear(when.getUTCFullYear(), months, Math.min(when.getUTCDate(), last));
    return out;
  }
  const seconds = { s: 1, min: 60, h: 3600, d: 86400, wk: 604800 }[unit];
  return new Date(when.getTime() + value * seconds * 1000);
}

function doseCalendar(schedule, start, count) {
  const doses = schedule.day_offsets.map((o) => [shift(start, o.seconds, "s"), o.phase, o.dose]);
  for (const phase of schedule.continuation) {
    const first = "start_seconds" in phase
      ? shift(start, phase.start_seconds, "s")
      : shift(doses.at(-1)[0], phase.start_after.value, phase.start_after.unit);
    const freq = phase.frequency;
    const total = phase.count ?? (freq ? Infinity : 1);
    const end = phase.duration ? shift(first, phase.duration.value, phase.duration.unit) : null;
    for (let k = phase.listed_doses; doses.length < count && k < total; k++) {
      const when = freq ? shift(first, (k * freq.every.value) / freq.times, freq.every.unit) : first;
      if (end && when >= end) break;
      doses.push([when, phase.phase, k + 1]);
    }
  }
  return doses.slice(0, count);
}

const [base, id, start, count = "8"] = process.argv.slice(2);
const meta = await fetchJson(base, "meta.json");
if (!meta.export_format_version.startsWith("2.")) throw new Error("this code reads export format 2.x");
const doc = await fetchJson(base, `monographs/${id}.json`);
const schedule = doc.computed.schedules[0];
console.log(`# ${doc.monograph.identity.generic_name}, regimen ${schedule.regimen}`);
for (const [when, phase, number] of doseCalendar(schedule, new Date(`${start}T00:00:00Z`), Number(count))) {
  const iso = when.toISOString();
  const clock = iso.slice(11, 16) === "00:00" ? "" : ` ${iso.slice(11, 16)}`;
  console.log(`${iso.slice(0, 10)}${clock}  ${phase} #${number}`);
}
