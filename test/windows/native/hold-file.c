/*
 * Plays the antivirus scanner in the Windows job: opens a file the way scanners and indexers do,
 * without FILE_SHARE_DELETE, so renaming over it or deleting it fails while it is held; prints
 * "held" once it has the file, then lets go after the given milliseconds.
 *   hold-file.exe <path> <ms>
 */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

int wmain(int argc, wchar_t **argv) {
  if (argc < 3) return 2;
  HANDLE h = CreateFileW(argv[1], GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
  if (h == INVALID_HANDLE_VALUE) {
    fprintf(stderr, "cannot open: %lu\n", GetLastError());
    return 1;
  }
  printf("held\n");
  fflush(stdout);
  Sleep((DWORD)_wtoi(argv[2]));
  CloseHandle(h);
  return 0;
}
