/**
 * Arithmetic on local wall-clock times 'YYYY-MM-DD HH:mm:ss' (how every statement writes them).
 * The common case, a shift within the same day, is plain integer work; only a shift across
 * midnight goes through Date. A simulated day shifts millions of times.
 */
function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function addSecondsLocal(localTime: string, seconds: number): string {
  const h = (localTime.charCodeAt(11) - 48) * 10 + (localTime.charCodeAt(12) - 48);
  const m = (localTime.charCodeAt(14) - 48) * 10 + (localTime.charCodeAt(15) - 48);
  const s = (localTime.charCodeAt(17) - 48) * 10 + (localTime.charCodeAt(18) - 48);
  const total = h * 3600 + m * 60 + s + seconds;
  if (Number.isInteger(total) && total >= 0 && total < 86_400) {
    return `${localTime.slice(0, 10)} ${pad2(Math.floor(total / 3600))}:${pad2(Math.floor((total % 3600) / 60))}:${pad2(total % 60)}`;
  }
  const t = new Date(`${localTime.replace(' ', 'T')}Z`);
  t.setUTCSeconds(t.getUTCSeconds() + seconds);
  return t.toISOString().slice(0, 19).replace('T', ' ');
}

/** 'YYYY-MM-DD HH:mm:ss' for a second of the day (0 to 86,399) on `date`. */
export function timeOfDay(date: string, second: number): string {
  return `${date} ${pad2(Math.floor(second / 3600))}:${pad2(Math.floor((second % 3600) / 60))}:${pad2(second % 60)}`;
}
