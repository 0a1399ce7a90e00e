@echo off
rem The `kura` command of the installed app: runs Kura's own executable as plain Node.js
rem (ELECTRON_RUN_AS_NODE) on the built CLI inside the app, the way editors built on Electron ship
rem their command. The installer can add this folder (bin) to PATH.
setlocal
set "ELECTRON_RUN_AS_NODE=1"
"%~dp0..\Kura.exe" "%~dp0..\resources\app.asar\out\cli\kura.js" %*
exit /b %ERRORLEVEL%
