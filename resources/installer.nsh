; Kura's additions to electron-builder's NSIS installer (electron-builder.yml: nsis.include).
; The installer offers to put the `kura` command (bin\kura.cmd beside Kura.exe) on the user's PATH
; (HKCU\Environment, like the per-user install); the uninstaller takes it off again. A silent
; install (/S) changes PATH only when given /KURAPATH.

!include "LogicLib.nsh"
!include "StrFunc.nsh"
!include "FileFunc.nsh"
!include "WinMessages.nsh"
${StrStr}
${UnStrRep}

LangString kuraPathQuestion 1041 "コマンド プロンプトや PowerShell から kura コマンドを使えるように、PATH に追加しますか？"
LangString kuraPathQuestion 1033 "Add the kura command to PATH, so that it works in Command Prompt and PowerShell?"

!macro customInstall
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/KURAPATH" $R1
  StrCpy $R4 "no"
  ${IfNot} ${Errors}
    StrCpy $R4 "yes"
  ${ElseIf} ${Silent}
    StrCpy $R4 "no"
  ${Else}
    MessageBox MB_YESNO|MB_ICONQUESTION "$(kuraPathQuestion)" /SD IDNO IDNO +2
      StrCpy $R4 "yes"
  ${EndIf}
  ${If} $R4 == "yes"
    ReadRegStr $R2 HKCU "Environment" "Path"
    ${StrStr} $R3 "$R2" "$INSTDIR\bin"
    ${If} $R3 == ""
      ${If} $R2 == ""
        WriteRegExpandStr HKCU "Environment" "Path" "$INSTDIR\bin"
      ${Else}
        WriteRegExpandStr HKCU "Environment" "Path" "$R2;$INSTDIR\bin"
      ${EndIf}
      SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
    ${EndIf}
  ${EndIf}
!macroend

!macro customUnInstall
  ReadRegStr $R2 HKCU "Environment" "Path"
  ${UnStrRep} $R3 "$R2" ";$INSTDIR\bin" ""
  ${UnStrRep} $R3 "$R3" "$INSTDIR\bin;" ""
  ${UnStrRep} $R3 "$R3" "$INSTDIR\bin" ""
  ${If} $R3 != $R2
    ${If} $R3 == ""
      DeleteRegValue HKCU "Environment" "Path"
    ${Else}
      WriteRegExpandStr HKCU "Environment" "Path" "$R3"
    ${EndIf}
    SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
  ${EndIf}
!macroend
