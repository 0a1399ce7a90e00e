/*
 * A stand-in for cwRsync's rsync.exe in the Windows job, where no Cygwin program can run. It
 * records the exact command line Windows handed it (GetCommandLineW, as UTF-8, one line per start)
 * to $KURA_FAKE_RSYNC_LOG, so that a test can split it the way cygwin1.dll would
 * (test/windows/cygwin-argv.ts) and compare with the argv Kura meant. `--version` answers like
 * rsync 3.4.1; otherwise it writes $KURA_FAKE_RSYNC_STDERR to stderr and exits with
 * $KURA_FAKE_RSYNC_EXIT (default 0).
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static char *utf8(const wchar_t *text) {
  int n = WideCharToMultiByte(CP_UTF8, 0, text, -1, NULL, 0, NULL, NULL);
  char *buf = malloc(n + 1);
  WideCharToMultiByte(CP_UTF8, 0, text, -1, buf, n, NULL, NULL);
  return buf;
}

static void append_utf8(const wchar_t *path, const wchar_t *text) {
  char *buf = utf8(text);
  FILE *f = _wfopen(path, L"ab");
  if (f) {
    fwrite(buf, 1, strlen(buf), f);
    fputc('\n', f);
    fclose(f);
  }
  free(buf);
}

int wmain(int argc, wchar_t **argv) {
  const wchar_t *line = GetCommandLineW();
  const wchar_t *log = _wgetenv(L"KURA_FAKE_RSYNC_LOG");
  if (log && *log) append_utf8(log, line);
  for (int i = 1; i < argc; i++) {
    if (wcscmp(argv[i], L"--version") == 0) {
      printf("rsync  version 3.4.1  protocol version 32\nCopyright (C) 1996-2025 by Andrew Tridgell, Wayne Davison, and others.\n");
      return 0;
    }
  }
  const wchar_t *err = _wgetenv(L"KURA_FAKE_RSYNC_STDERR");
  if (err && *err) {
    // As bytes (UTF-8), like rsync: a wide stdio stream would write UTF-16 into the pipe.
    char *text = utf8(err);
    fwrite(text, 1, strlen(text), stderr);
    fputc('\n', stderr);
    free(text);
  }
  const wchar_t *code = _wgetenv(L"KURA_FAKE_RSYNC_EXIT");
  return code && *code ? _wtoi(code) : 0;
}
