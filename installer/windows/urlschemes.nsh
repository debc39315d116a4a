; Registers a URL scheme for Tokenscope in the installer and removes it in the uninstaller.
; Included by the NSIS script CPack writes (CPACK_NSIS_DEFINES, installer/Deploy.cmake), and compiled
; with makensis on Linux by scripts/check-installers.sh.
;
; SHCTX is HKLM\Software\Classes for an installation for all users and HKCU\Software\Classes for one
; user only: CPack's script chooses with SetShellVarContext before these run. The schemes an
; environment adds later are registered by Tokenscope itself, per user, at run time.
;
; The browser starts  "<tokenscope.exe>" "<the redirect URL>"  for a scheme registered here; a running
; Tokenscope receives the URL from that second instance (RFC 8252 §7.1, private-use URI schemes).

!macro TokenscopeRegisterUrlScheme SCHEME EXE
  WriteRegStr SHCTX "Software\Classes\${SCHEME}" "" "URL:Tokenscope sign-in redirect"
  WriteRegStr SHCTX "Software\Classes\${SCHEME}" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\${SCHEME}\DefaultIcon" "" '"${EXE}",0'
  WriteRegStr SHCTX "Software\Classes\${SCHEME}\shell\open\command" "" '"${EXE}" "%1"'
!macroend

!macro TokenscopeUnregisterUrlScheme SCHEME EXE
  ; Only the key this installer wrote: a scheme another program has taken over since stays its own.
  ReadRegStr $0 SHCTX "Software\Classes\${SCHEME}\shell\open\command" ""
  StrCmp $0 '"${EXE}" "%1"' 0 +2
    DeleteRegKey SHCTX "Software\Classes\${SCHEME}"
!macroend
