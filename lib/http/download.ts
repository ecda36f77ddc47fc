// Content-Disposition for downloads (RFC 6266): an ASCII fallback name with nothing that could end the
// header or the quoted string, and the full name as UTF-8 in filename*. Names may hold user text.

export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, "_").slice(0, 150) || "download";
  const utf8 = encodeURIComponent(name.slice(0, 150)).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}
