#!/usr/bin/env bash
# Run a command as on a fresh machine without any installed font:
#
#   tools/hide_system_fonts.sh CMD [ARGS...]
#
# In a private mount namespace (unshare -m: root, or a user namespace where the kernel allows it)
# an empty tmpfs covers every folder fontconfig reads fonts or their caches from; CMD sees no
# system font at all, and nothing changes for the rest of the machine. The exit code is CMD's.
set -euo pipefail

if [ "${1:-}" != "--inside" ]; then
  if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
  fi
  if [ "$(id -u)" -eq 0 ]; then
    exec unshare --mount --propagation private -- "$0" --inside "$@"
  fi
  # Without root: a user namespace mapping us to root inside, where the kernel allows one.
  exec unshare --user --map-root-user --mount --propagation private -- "$0" --inside "$@"
fi
shift

home="${HOME:-/root}"
for dir in /usr/share/fonts /usr/local/share/fonts /var/cache/fontconfig \
  "$home/.fonts" "$home/.local/share/fonts" "${XDG_DATA_HOME:-$home/.local/share}/fonts" \
  "$home/.cache/fontconfig" "${XDG_CACHE_HOME:-$home/.cache}/fontconfig"; do
  if [ -d "$dir" ] && ! mountpoint -q "$dir"; then
    mount -t tmpfs -o size=1m,mode=0755 tmpfs "$dir"
  fi
done
exec "$@"
