# The tutorial's handler: echoes the event with a prefix.
handler () {
  EVENT_DATA=$1
  echo "handling $EVENT_DATA" 1>&2
  RESPONSE="Echoing request: '$EVENT_DATA'"
  echo "$RESPONSE"
}
