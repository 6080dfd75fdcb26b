# Sourced by the test and benchmark scripts: free_port prints a TCP port on 127.0.0.1 that
# nothing listens on now (python3 binding port 0, else a random port that `ss` shows unused).
# The caller defines die().
free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
    return
  fi
  local port tries
  for ((tries = 0; tries < 200; tries++)); do
    port=$((20000 + RANDOM % 40000))
    if [[ -z "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]; then
      echo "$port"
      return
    fi
  done
  die "found no free TCP port"
}
