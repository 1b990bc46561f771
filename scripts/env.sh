# Sourced by the Makefile and scripts: puts the project's tools folder first on PATH.
export SECLOG_TOOLS="${SECLOG_TOOLS:-$HOME/.cache/seclog/tools}"
case ":$PATH:" in
  *":$SECLOG_TOOLS/node_modules/.bin:"*) ;;
  *) export PATH="$SECLOG_TOOLS/node_modules/.bin:$PATH" ;;
esac
