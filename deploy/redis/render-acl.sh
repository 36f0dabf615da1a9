# Renders users.acl.template into an ACL file. Sourced (POSIX sh, busybox and Debian) by
# core-entrypoint.sh and replica-entrypoint.sh after redis-config-quote.sh (which defines fail).
#   render_acl TEMPLATE OUTPUT
# Env: REDIS_KEY_PREFIX (default tr:) and every variable the template names in #<sha256:VARIABLE>.

# The value of the variable named $1 ('' when unset); names come from the template, checked to be safe.
value_of() {
  eval "printf '%s' \"\${$1:-}\""
}

render_acl() {
  template="$1"
  output="$2"
  [ -r "$template" ] || fail "cannot read the ACL template $template"

  prefix="${REDIS_KEY_PREFIX-tr:}"
  case "$prefix" in
  *[*?\\\[\]{}\ \<\>]* | *"$(printf '\t')"*)
    fail "REDIS_KEY_PREFIX '$prefix' contains a glob, brace, angle bracket or whitespace character; ACL key patterns cannot follow it"
    ;;
  esac

  # Logical lines: comments and blank lines dropped, indented lines joined to the user above, spaces squeezed.
  users=$(awk '
    /^[ \t]*#/ || /^[ \t]*$/ { next }
    /^[ \t]/ { sub(/^[ \t]+/, ""); line = line " " $0; next }
    { if (line != "") print line; line = $0 }
    END { if (line != "") print line }
  ' "$template" | tr -s ' \t' '  ')

  variables=$(printf '%s\n' "$users" | grep -o '#<sha256:[A-Za-z0-9_]*>' | sed 's/^#<sha256://; s/>$//' | sort -u)
  missing=''
  for variable in $variables; do
    [ -n "$(value_of "$variable")" ] || missing="$missing $variable"
  done
  [ -z "$missing" ] || fail "refusing to start: set the password variable(s)$missing"

  setinfo=''
  version=$(redis-server --version | sed -n 's/.* v=\([0-9]*\)\.\([0-9]*\)\..*/\1 \2/p')
  # shellcheck disable=SC2086 # two numbers on purpose
  set -- $version
  if [ "${1:-0}" -gt 7 ] || { [ "${1:-0}" -eq 7 ] && [ "${2:-0}" -ge 2 ]; }; then setinfo='+client|setinfo'; fi

  # sed replacement text: escape \, & and the | delimiter.
  prefix_replacement=$(printf '%s' "$prefix" | sed 's/[\\&|]/\\&/g')
  script="s|<PREFIX>|$prefix_replacement|g; s/<CLIENT_SETINFO>/$setinfo/g"
  for variable in $variables; do
    hash=$(value_of "$variable" | sha256sum | cut -d' ' -f1)
    script="$script; s/#<sha256:$variable>/#$hash/g"
  done

  umask 077
  partial="$output.partial.$$"
  printf '%s\n' "$users" | sed "$script" | tr -s ' ' ' ' >"$partial" || fail "cannot write $partial"
  if grep -q '<[A-Za-z0-9_:]*>' "$partial"; then
    rm -f "$partial"
    fail "the ACL template $template has an unknown placeholder"
  fi
  mv "$partial" "$output" || fail "cannot write $output"
}
