; Included by electron-builder's NSIS script (electron-builder.yml nsis.include): an "Add to
; Sampledeck" entry on folders in Explorer, which starts `Sampledeck.exe FOLDER`. SHCTX is HKCU or
; HKLM following the install mode; APP_EXECUTABLE_FILENAME is defined by electron-builder.
!macro customInstall
  WriteRegStr SHCTX "Software\Classes\Directory\shell\Sampledeck" "" "Add to Sampledeck"
  WriteRegStr SHCTX "Software\Classes\Directory\shell\Sampledeck" "Icon" "$INSTDIR\${APP_EXECUTABLE_FILENAME}"
  WriteRegStr SHCTX "Software\Classes\Directory\shell\Sampledeck\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  DeleteRegKey SHCTX "Software\Classes\Directory\shell\Sampledeck"
!macroend
