/*
 * bcryptprimitives.dll for Wine 8, which lacks it: Go programs since Go 1.22 (esbuild.exe, which
 * vite and vitest run) get their random numbers from ProcessPrng and die at start without it.
 * This one forwards to advapi32's SystemFunction036 (RtlGenRandom), the generator Windows itself
 * has offered since XP. Test-only: built by test/windows/run.sh into the throw-away Wine prefix.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
  while (length > 0) {
    ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
    if (!SystemFunction036(data, chunk)) return FALSE;
    data += chunk;
    length -= chunk;
  }
  return TRUE;
}
