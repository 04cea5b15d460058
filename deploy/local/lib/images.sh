# Helpers for building the local images (nothing can be pulled here). Source after common.sh.

# recipe_of DIR ARGS...: a hash of the build context and arguments, stored as an image label so
# that a changed recipe rebuilds the image and an unchanged one is skipped.
recipe_of() {
  local dir="$1"; shift
  { (cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum); echo "$*"; } | sha256sum | cut -c1-16
}

# image_recipe K REF: the recipe label of an image in engine K (fails when the image is missing).
image_recipe() {
  engine_cli "$1" image inspect --format '{{ index .Config.Labels "dev.shipshape.recipe" }}' "$2" 2>/dev/null
}

# engine_build K ARGS...: builds an image into engine K (a Containerfile, Docker's image format, so
# that HEALTHCHECK is kept).
engine_build() {
  local k="$1"; shift
  if [ "$(engine_kind "$k")" = podman ]; then podman_k "$k" build --format docker "$@"
  else docker_k "$k" build -f Containerfile "$@"; fi
}

# has_image K REF [RECIPE]: the image is in engine K (built from RECIPE, when given).
has_image() {
  local label
  label="$(image_recipe "$1" "$2")" || return 1
  [ -z "${3:-}" ] || [ "$label" = "$3" ]
}

# build_image NAME:TAG DIR [--build-arg K=V ...]: builds DIR/Containerfile into engine 1.
build_image() {
  local ref="$1" dir="$2"; shift 2
  local recipe; recipe="$(recipe_of "$dir" "$@")"
  if has_image 1 "$ref" "$recipe"; then return 0; fi
  log "building $ref"
  local ctx; ctx="$(mktemp -d)"
  cp -a "$dir"/. "$ctx"/
  cp /bin/busybox "$ctx/busybox"
  chmod +x "$ctx"/start 2>/dev/null || true
  (cd "$ctx" && engine_build 1 --quiet -t "$ref" --label "dev.shipshape.recipe=$recipe" "$@" .) >>"$LOGS/images.log" 2>&1 \
    || { rm -rf "$ctx"; die "building $ref failed; see $LOGS/images.log"; }
  rm -rf "$ctx"
}

# copy_to_engines NAME:TAG...: loads the images from engine 1 into every other host's engine that lacks
# them: one archive per set of missing images (images that share a base share its layers in it),
# loaded into the engines side by side.
copy_to_engines() {
  local k ref missing key pids=()
  local -A archives=() recipes=()
  for ref in "$@"; do recipes[$ref]="$(image_recipe 1 "$ref")"; done
  for k in $(all_hosts | tail -n +2); do
    missing=()
    for ref in "$@"; do has_image "$k" "$ref" "${recipes[$ref]}" || missing+=("$ref"); done
    [ ${#missing[@]} -gt 0 ] || continue
    key="${missing[*]}"
    if [ -z "${archives[$key]:-}" ]; then
      archives[$key]="$(mktemp)"
      engine_cli 1 save -o "${archives[$key]}" "${missing[@]}" >/dev/null 2>&1
    fi
    { engine_cli "$k" load -q -i "${archives[$key]}" >/dev/null 2>&1 || log "loading $key into engine-$k failed"; } &
    pids+=($!)
  done
  for k in "${pids[@]}"; do wait "$k"; done
  for key in "${!archives[@]}"; do rm -f "${archives[$key]}"; done
}
