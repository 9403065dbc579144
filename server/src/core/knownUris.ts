/**
 * The files of a load by position, found by their `stringHash`: an index worker names each file it reads,
 * and each link target it resolves, by its position in the load's list. Looking a target up by the hash
 * that the scanner computes anyway, and comparing its two parts in place, spares building and hashing a
 * million target strings.
 */
import { stringHash } from './intern';

/** Positions of a list of URIs, by their hashes. */
export class KnownUris {
  /** A position, or the positions of URIs that share a hash. */
  private readonly byHash = new Map<number, number | number[]>();

  constructor(private readonly uris: readonly string[]) {
    uris.forEach((uri, position) => {
      const hash = stringHash(uri);
      const found = this.byHash.get(hash);
      if (found === undefined) this.byHash.set(hash, position);
      else if (typeof found === 'number') this.byHash.set(hash, [found, position]);
      else found.push(position);
    });
  }

  /** The position of a URI, or undefined when it is not in the list. */
  positionOf(uri: string): number | undefined {
    return this.find(stringHash(uri), (candidate) => candidate === uri);
  }

  /** The position of the URI `root + path`, whose `stringHash` is `hash`, without building it; undefined when it is not in the list. */
  positionOfJoined(hash: number, root: string, path: string): number | undefined {
    return this.find(hash, (candidate) => candidate.length === root.length + path.length && candidate.endsWith(path) && candidate.startsWith(root));
  }

  private find(hash: number, matches: (candidate: string) => boolean): number | undefined {
    const found = this.byHash.get(hash);
    if (found === undefined) return undefined;
    if (typeof found === 'number') return matches(this.uris[found]) ? found : undefined;
    return found.find((position) => matches(this.uris[position]));
  }
}
