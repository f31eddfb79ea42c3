// useNarrow follows whether the screen is a phone's: below PHONE_WIDTH the menu folds into a
// drawer and pages stack their pieces.
import { onBeforeUnmount, ref } from 'vue'

export const PHONE_WIDTH = 768

export function useNarrow(width = PHONE_WIDTH) {
  const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(`(max-width: ${width - 0.02}px)`) : null
  const narrow = ref(Boolean(query && query.matches))
  const onChange = (e) => {
    narrow.value = e.matches
  }
  if (query) query.addEventListener('change', onChange)
  onBeforeUnmount(() => query && query.removeEventListener('change', onChange))
  return narrow
}
