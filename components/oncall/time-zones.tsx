// The IANA zones this browser knows, as a datalist a zone input offers (list={id}).
const ZONES = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];

export function TimeZones({ id }: { id: string }) {
  return (
    <datalist id={id}>
      {ZONES.map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}
